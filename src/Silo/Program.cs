using Telemetry.Silo;

var app = TelemetryHost.Build(args);
app.Services.GetRequiredService<DataDirectoryLock>();
await app.RunAsync();
