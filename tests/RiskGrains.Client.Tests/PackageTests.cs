using System.IO.Compression;
using System.Xml.Linq;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Client.Tests;

/// <summary>The RiskGrains.Client package, packed from this repository and installed into a new console project from a folder feed.</summary>
[Trait("Category", "Process")] // dotnet pack, add package, build and run as processes
public sealed class PackageTests(ApiKeyService service, ITestOutputHelper output) : IClassFixture<ApiKeyService>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_package_carries_the_client_and_the_contract_and_a_console_project_that_installs_it_calls_the_service()
    {
        var work = ServiceHost.TempDirectory();
        var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        await DotnetCommand.RunAsync(RepositoryRoot(), CommandTimeout, "pack", Path.Combine("src", "RiskGrains.Client"), "-c", "Release", "-o", feed, "-nodeReuse:false");
        var package = Assert.Single(Directory.GetFiles(feed, "RiskGrains.Client.*.nupkg"));

        using (var archive = ZipFile.OpenRead(package))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            output.WriteLine(string.Join("\n", entries.Order(StringComparer.Ordinal)));
            Assert.Superset(
                new HashSet<string>
                {
                    "lib/net10.0/RiskGrains.Client.dll",
                    "lib/net10.0/RiskGrains.Client.xml",
                    "lib/net10.0/RiskGrains.Contract.dll",
                    "lib/net10.0/RiskGrains.Contract.xml",
                    "README.md",
                },
                entries);

            using var nuspec = archive.GetEntry("RiskGrains.Client.nuspec")!.Open();
            var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
            Assert.Superset(new HashSet<string> { "Google.Protobuf", "Grpc.Net.Client", "Grpc.Net.ClientFactory" }, dependencies.ToHashSet());
            Assert.DoesNotContain("RiskGrains.Contract", dependencies);
        }

        // A project outside the repository: the folder feed, and the packages this machine already holds for the rest.
        var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
        var machinePackages = (await DotnetCommand.RunAsync(app, CommandTimeout, "nuget", "locals", "global-packages", "--list")).Split(':', 2)[1].Trim();
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(work, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="machine" value="{machinePackages}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using RiskGrains.Client;
            using RiskGrains.Contract.V1;

            var services = new ServiceCollection();
            services.AddRiskGrainsClient(options =>
            {
                options.Address = new Uri(args[0]);
                options.ApiKey = args[1];
            });
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<RiskGrainsClient>();
            CompanyRisk risk = await client.GetRiskAsync(args[2]);
            await foreach (var update in client.WatchAsync([args[2]]))
            {
                Console.WriteLine($"{risk.CompanyId} {risk.Version} {update.Cause}");
                break;
            }
            """);
        await DotnetCommand.RunAsync(app, CommandTimeout, "add", "package", "RiskGrains.Client");
        await DotnetCommand.RunAsync(app, CommandTimeout, "build", "-nodeReuse:false");
        var ran = await DotnetCommand.RunAsync(app, CommandTimeout, "run", "--no-build", "--", service.Host.Address.ToString(), service.Keys[ApiKeyService.Reader], service.CompanyId);

        Assert.Contains($"{service.CompanyId} 2 Snapshot", ran, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "RiskGrains.Contract.dll")));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RiskGrains.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no RiskGrains.sln above {AppContext.BaseDirectory}");
    }
}
