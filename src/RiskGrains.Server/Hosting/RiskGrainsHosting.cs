using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using RiskGrains.Grains;
using RiskGrains.Server.Alerts;
using RiskGrains.Server.Baseline;
using RiskGrains.Server.Grpc;
using RiskGrains.Server.Security;
using RiskGrains.Server.Storage;
using RiskGrains.Server.Watch;
using StackExchange.Redis;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Hosting;

/// <summary>The wiring of the service, one concern per method, so Program.cs reads in a few lines.</summary>
public static class RiskGrainsHosting
{
    /// <summary>Stable across restarts and silos: grain storage is keyed by it.</summary>
    public const string ServiceId = "riskgrains";

    public static WebApplicationBuilder AddRiskGrains(this WebApplicationBuilder builder)
    {
        builder.AddSettingsShippedWithTheServer();

        // The silo's shape (clustering, storage, ports) depends on the settings, so they are read and
        // checked now; the same section is bound for everything resolved later, checked again at start.
        var options = Settings.Read(builder.Configuration);
        builder.Services.AddSettings<RiskGrainsOptions>(o => o.Problems());
        builder.Services.AddSettings<CompanyGrainOptions>(o => o.Problems())
            .PostConfigure(o => o.Limit(options.Limits.MaxCommitmentsPerCompany, options.Limits.MaxClockSkew));
        builder.Services.AddSettings<WatchOptions>(o => o.Problems());
        builder.Services.AddSettings<HistoryOptions>(o => o.Problems());
        builder.Services.AddSettings<PortfolioOptions>(o => o.Problems());
        builder.Services.AddSettings<AlertOptions>(o => o.Problems());
        builder.AddRiskGrainsSecurity(options.Auth);
        builder.AddRiskGrainsSilo(options);
        builder.AddRiskGrainsApi(options.Limits);
        builder.AddRiskGrainsTelemetry(options);
        return builder;
    }

    /// <summary>
    /// The appsettings.json shipped beside the server. Its log levels put Orleans, ASP.NET Core and
    /// gRPC at Warning: a line per request or grain activation drowns the startup lines, and gRPC
    /// logs a client that goes away (a killed `buf curl` ending its reflection stream) at Information
    /// with a stack trace, though nothing failed here. The host reads appsettings.json from the
    /// content root, which is the working directory, and `dotnet run` keeps the caller's
    /// (RunWorkingDirectory): from any other folder the file would be missed. It is read first, so
    /// the content root's own file, the environment and the command line still override it.
    /// </summary>
    private static void AddSettingsShippedWithTheServer(this WebApplicationBuilder builder)
    {
        var shipped = Path.TrimEndingDirectorySeparator(Path.GetFullPath(AppContext.BaseDirectory));
        if (string.Equals(shipped, Path.TrimEndingDirectorySeparator(Path.GetFullPath(builder.Environment.ContentRootPath)), StringComparison.Ordinal))
        {
            return;
        }

        var sources = ((IConfigurationBuilder)builder.Configuration).Sources;
        var at = Math.Max(0, sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" }));
        var files = new PhysicalFileProvider(shipped);
        sources.Insert(at, new JsonConfigurationSource { FileProvider = files, Path = "appsettings.json", Optional = false });
        sources.Insert(at + 1, new JsonConfigurationSource { FileProvider = files, Path = $"appsettings.{builder.Environment.EnvironmentName}.json", Optional = true });
    }

    public static WebApplication MapRiskGrains(this WebApplication app)
    {
        app.UseMiddleware<MessageSizeStatus>();
        app.Use((context, next) =>
        {
            if (CleartextProtocols.IsPlaintext(context))
            {
                context.Request.Scheme = "http";
            }

            return next(context);
        });

        // The board's files and the OpenAPI description are open, as reflection is: they hold no data.
        app.UseRiskGrainsOpenFiles();

        // RiskService's RPCs name their role policies; health and reflection stay open. The write
        // rate is partitioned by the caller's name, so it runs after authentication.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapGrpcService<RiskGrpcService>().Add(WriteRateLimit.Apply);
        app.MapGrpcService<PortfolioGrpcService>().Add(WriteRateLimit.Apply);
        app.MapGrpcService<AlertGrpcService>().Add(WriteRateLimit.Apply);
        if (app.Services.GetRequiredService<IOptions<RiskGrainsOptions>>().Value.EnableBaseline)
        {
            app.MapGrpcService<BaselineGrpcService>();
        }

        // Open to every caller, as probes and generic clients (buf curl, grpcurl) need them.
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapRiskGrainsDashboard();
        return app;
    }

    private static void AddRiskGrainsSilo(this WebApplicationBuilder builder, RiskGrainsOptions options)
    {
        // Orleans' watchdog can log a false stall at start (a race in Watchdog.Start): see the filter.
        WatchdogStartupWarningFilter.Register(builder.Services);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = ServiceId;
            });
            if (options.Mode == DeploymentMode.Cluster)
            {
                silo.UseRedisCluster(options);
            }
            else
            {
                var dataDir = Path.GetFullPath(options.DataDir);
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ServiceId, clusterId: options.ClusterId);
                // One file and one writer for grain state and directory rows, so they share the group commit.
                silo.Services.AddSingleton(_ => new SqliteDatabase(dataDir));
                silo.Services.AddGrainStorage(StorageNames.Companies, (services, _) => new SqliteGrainStorage(services.GetRequiredService<SqliteDatabase>()));
                silo.Services.AddSingleton<ICompanyDirectoryStore>(services => new SqliteCompanyDirectoryStore(services.GetRequiredService<SqliteDatabase>()));
                silo.Services.AddSingleton<IHistoryStore>(services => new SqliteHistoryStore(services.GetRequiredService<SqliteDatabase>()));
                silo.Services.AddSingleton<IAlertEventStore>(services => new SqliteAlertStore(services.GetRequiredService<SqliteDatabase>()));
            }

            silo.Services.AddSingleton<HistoryWriter>();
            silo.Services.AddMarketBoard();
            silo.Services.AddAlertRuleBook();
            if (options.EnableDashboard)
            {
                silo.AddDashboard();
            }

            silo.Services.AddSerializer(serializer => serializer.AddRiskModelTypes());
            if (options.TraceGrainCalls)
            {
                silo.AddActivityPropagation();
            }
            else
            {
                silo.AddOutgoingGrainCallFilter<TraceContextPropagation>();
            }

            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = options.IdleDeactivation;
                o.DeactivationTimeout = TimeSpan.FromSeconds(5);
            });
        });

        builder.Services.AddHostedService<SampleDataLoader>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
    }

    /// <summary>
    /// For a process that is only this service: a stop that hangs past the deadline ends the
    /// process. Not part of <see cref="AddRiskGrains"/>, since a host embedded in another process
    /// (a test run) must never end it.
    /// </summary>
    public static WebApplicationBuilder AddShutdownDeadline(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ShutdownDeadline>();
        return builder;
    }

    private static void UseRedisCluster(this ISiloBuilder silo, RiskGrainsOptions options)
    {
        var redis = ConfigurationOptions.Parse(options.Redis!);

        // Fail fast instead of hanging when Redis is away (at start, and at shutdown).
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = 5_000;
        redis.SyncTimeout = 5_000;
        redis.AsyncTimeout = 5_000;
        silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());

        silo.AddRedisGrainStorage(StorageNames.Companies, o =>
        {
            o.ConfigurationOptions = redis.Clone();
            o.GrainStorageSerializer = JsonGrainStateSerializer.Instance;

            // A company keeps two states (fundamentals and market): the state name is part of the key.
            o.GetStorageKey = (stateName, grainId) => $"{ServiceId}/{stateName}/{grainId}";

            // A removed portfolio leaves no key behind (companies are never cleared).
            o.DeleteStateOnClear = true;
        });
        silo.Services.AddSingleton<ICompanyDirectoryStore>(_ => new RedisCompanyDirectoryStore(redis.Clone(), ServiceId));
        silo.Services.AddSingleton<IHistoryStore>(_ => new RedisHistoryStore(redis.Clone(), ServiceId));
        silo.Services.AddSingleton<IAlertEventStore>(_ => new RedisAlertStore(redis.Clone(), ServiceId));

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(options.AdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }

        // A lost silo's companies should come back within seconds; Orleans' defaults (5 s probes,
        // 3 misses) take over 10 s to declare a silo dead (docs/operations.md, Failover).
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.ProbeTimeout;
            o.NumMissedProbesLimit = options.MissedProbesLimit;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
    }

    private static void AddRiskGrainsApi(this WebApplicationBuilder builder, LimitsOptions limits)
    {
        // HTTP/1.1 and HTTP/2 on every endpoint (Kestrel's default): on plaintext ones an HTTP/2
        // prior-knowledge connection (grpcurl, buf curl, the .NET client) is told by its preface and the
        // rest is served as HTTP/1.1 (curl, browsers: the board and the HTTP routes), see
        // CleartextProtocols; on TLS ones (Kestrel:Certificates:Default) ALPN chooses.
        builder.WebHost.ConfigureKestrel(CleartextProtocols.Configure);

        // Connections, streams per connection, keep-alive pings, idle and header timeouts: Kestrel:Limits,
        // whose defaults ship in appsettings.json. Kestrel reads its endpoints from configuration by
        // itself, but not its limits.
        builder.Services.Configure<KestrelServerOptions>(kestrel => builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));
        var grpcServer = builder.Services.AddGrpc(grpc =>
        {
            grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
            grpc.Interceptors.Add<StatusInterceptor>();

            // Per message: a unary request, each Ingest batch, each response (docs/operations.md, limits).
            grpc.MaxReceiveMessageSize = limits.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = limits.MaxSendMessageSize;
        });
        builder.AddRiskGrainsHttp(grpcServer);
        builder.Services.AddRateLimiter(o => WriteRateLimit.Configure(o, limits));
        builder.Services.AddGrpcReflection();
        // Answered for the server ("") and by the service's own name, as health clients may ask either.
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map(V1.RiskService.Descriptor.FullName, _ => true);
            o.Services.Map(V1.PortfolioService.Descriptor.FullName, _ => true);
            o.Services.Map(V1.AlertService.Descriptor.FullName, _ => true);
        }).AddCheck<SiloHealthCheck>("silo");
        builder.Services.AddSingleton<WatchHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WatchHub>());
        builder.Services.AddSingleton(sp => new RequestLimits(sp.GetRequiredService<IOptions<RiskGrainsOptions>>().Value.Limits, TimeProvider.System));
        builder.Services.AddSingleton(sp => new StreamQuotas(sp.GetRequiredService<IOptions<RiskGrainsOptions>>().Value.Limits));
        builder.Services.AddSingleton<IngestProcessor>();
        builder.Services.AddSingleton<ScenarioRunner>();
        builder.Services.AddSingleton<PortfolioHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PortfolioHub>());
        builder.Services.AddSingleton<PortfolioScenarioRunner>();
        builder.Services.AddSingleton<AlertHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertHub>());
    }

    private static void AddRiskGrainsTelemetry(this WebApplicationBuilder builder, RiskGrainsOptions options)
    {
        // OTLP export follows the standard variable; without it traces are still produced for in-process listeners.
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("riskgrains"))
            .WithTracing(tracing =>
            {
                // Every write is traced by default; a feed of hundreds of thousands of ticks a second
                // keeps a share of them (RiskGrains:TraceSampleRatio), decided once per trace.
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    .AddSource(RiskGrainsDiagnostics.Name)
                    .AddAspNetCoreInstrumentation();
                if (options.TraceGrainCalls)
                {
                    tracing.AddSource(RiskGrainsDiagnostics.OrleansGrainCallSource);
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RiskGrainsDiagnostics.Name);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }
}
