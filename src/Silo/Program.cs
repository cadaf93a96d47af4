using Telemetry.Silo;

var app = TelemetryHost.Build(args);
await app.RunAsync();
