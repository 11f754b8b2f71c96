using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;
using Orleans.Dashboard;
using RiskGrains.Server.Security;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// The service over HTTP/1.1 and JSON (docs/http.md): every unary RPC and server stream at the route
/// its <c>google.api.http</c> option gives, through gRPC JSON transcoding, so the same service methods,
/// validation and role policies answer both; its OpenAPI description; the board's files; and the
/// Orleans Dashboard (docs/board.md).
/// </summary>
internal static class HttpHosting
{
    /// <summary>The OpenAPI description of the HTTP routes.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    public static void AddRiskGrainsHttp(this WebApplicationBuilder builder, IGrpcServerBuilder grpc)
    {
        // Field names as in the proto's JSON mapping (lowerCamelCase), enums by name. An error's details
        // (google.rpc.BadRequest: every offending field) are written as JSON, so their types are registered.
        grpc.AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "RiskGrains",
                Version = "v1",
                Description = "The HTTP/JSON form of riskgrains.v1.RiskService and riskgrains.v1.PortfolioService (docs/http.md).",
            });
            var contractDocs = Path.Combine(AppContext.BaseDirectory, "RiskGrains.Contract.xml");
            if (File.Exists(contractDocs))
            {
                swagger.IncludeXmlComments(contractDocs);
                swagger.IncludeGrpcXmlComments(contractDocs, includeControllerXmlComments: true);
            }
        });
    }

    /// <summary>
    /// The board's files (index.html at /) and the OpenAPI description, served before authentication:
    /// they hold no data, and the board asks for a key before it reads any.
    /// </summary>
    public static void UseRiskGrainsOpenFiles(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RiskGrainsOptions>>().Value;
        app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
        if (!options.EnableBoard)
        {
            return;
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "Board");
        if (!Directory.Exists(folder))
        {
            return;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The board's own files change with the server: a browser checks them again on each load.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }

    /// <summary>The Orleans Dashboard at /dashboard, for admins only when authentication is on.</summary>
    public static void MapRiskGrainsDashboard(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RiskGrainsOptions>>().Value.EnableDashboard)
        {
            app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(RolePolicies.Admin);
        }
    }
}
