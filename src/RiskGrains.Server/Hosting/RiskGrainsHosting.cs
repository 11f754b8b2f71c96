using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using StackExchange.Redis;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using RiskGrains.Grains;
using RiskGrains.Server.Grpc;
using RiskGrains.Server.Storage;
using RiskGrains.Server.Watch;

namespace RiskGrains.Server.Hosting;

/// <summary>The wiring of the service, one concern per method, so Program.cs reads in a few lines.</summary>
public static class RiskGrainsHosting
{
    /// <summary>Stable across restarts and silos: grain storage is keyed by it.</summary>
    public const string ServiceId = "riskgrains";

    public static WebApplicationBuilder AddRiskGrains(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RiskGrainsOptions.Section).Get<RiskGrainsOptions>() ?? new RiskGrainsOptions();
        builder.Services.Configure<RiskGrainsOptions>(builder.Configuration.GetSection(RiskGrainsOptions.Section));

        // One line per request or grain activation drowns the sample-data and startup lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.AddRiskGrainsSilo(options);
        builder.AddRiskGrainsApi(options);
        builder.AddRiskGrainsTelemetry(options);
        return builder;
    }

    public static WebApplication MapRiskGrains(this WebApplication app)
    {
        app.MapGrpcService<RiskGrpcService>();
        if (app.Services.GetRequiredService<IOptions<RiskGrainsOptions>>().Value.EnableBaseline)
        {
            app.MapGrpcService<BaselineGrpcService>();
        }

        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    private static void AddRiskGrainsSilo(this WebApplicationBuilder builder, RiskGrainsOptions options)
    {
        builder.Services.Configure<CompanyGrainOptions>(o =>
        {
            o.WindowQuarters = options.WindowQuarters;
            o.MarketStateSaveInterval = TimeSpan.FromSeconds(options.MarketStateSaveSeconds);
            o.ObserverExpiry = TimeSpan.FromSeconds(options.WatchRefreshSeconds * 3);
        });

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
                o.CollectionAge = TimeSpan.FromMinutes(30);
                o.DeactivationTimeout = TimeSpan.FromSeconds(5);
            });
        });

        builder.Services.AddHostedService<SampleDataLoader>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
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
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new OptionsValidationException(
                RiskGrainsOptions.Section, typeof(RiskGrainsOptions), ["RiskGrains:Redis is required when RiskGrains:Mode is Cluster"]);
        }

        var redis = ConfigurationOptions.Parse(options.Redis);

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
        });
        silo.Services.AddSingleton<ICompanyDirectoryStore>(_ => new RedisCompanyDirectoryStore(redis.Clone(), ServiceId));

        if (string.IsNullOrWhiteSpace(options.AdvertisedAddress))
        {
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(options.AdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }

        // RISK-MODEL is silent here; ARCHITECTURE wants a lost silo's companies back within seconds.
        // Defaults (5 s probes, 3 misses) take over 10 s to declare a silo dead; see README "Failover".
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(options.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = options.MissedProbesLimit;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
    }

    private static void AddRiskGrainsApi(this WebApplicationBuilder builder, RiskGrainsOptions options)
    {
        // Plaintext HTTP/2 (h2c) on every endpoint, so grpcurl and buf curl work without TLS.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
            grpc.Interceptors.Add<ClusterFaultInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<SiloHealthCheck>("silo");
        builder.Services.Configure<WatchOptions>(o => o.SubscriptionRefreshInterval = TimeSpan.FromSeconds(options.WatchRefreshSeconds));
        builder.Services.AddSingleton<WatchHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WatchHub>());
        builder.Services.AddSingleton<IngestProcessor>();
        builder.Services.AddSingleton<ScenarioRunner>();
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
