namespace Telemetry.Api.Audit;

/// <summary>The audit actions the API records, <c>area.verb</c> so that <c>?action=area</c> selects an area.</summary>
public static class AuditActions
{
    public const string SchemaCreate = "schema.create";
    public const string SchemaUpdate = "schema.update";
    public const string SchemaDeprecate = "schema.deprecate";
    public const string SettingsUpdate = "settings.update";
    public const string QuotasUpdate = "quotas.update";
    public const string NormalizeCreate = "normalize.create";
    public const string NormalizeDelete = "normalize.delete";
    public const string KeyCreate = "key.create";
    public const string KeyDelete = "key.delete";
    public const string AlertCreate = "alert.create";
    public const string AlertUpdate = "alert.update";
    public const string AlertDelete = "alert.delete";
}
