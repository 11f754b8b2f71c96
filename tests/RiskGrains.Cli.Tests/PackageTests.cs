using System.Diagnostics;
using System.IO.Compression;
using RiskGrains.Server.Tests;
using Xunit.Abstractions;

namespace RiskGrains.Cli.Tests;

/// <summary>The tool packed from this repository and installed with <c>dotnet tool install</c> from a folder, then run against a server.</summary>
[Trait("Category", "Process")] // dotnet pack, dotnet tool install, the tool and the server as processes
public sealed class PackageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_packed_tool_installs_from_a_folder_and_answers_against_a_server()
    {
        var work = ServiceHost.TempDirectory();
        var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        var tools = Path.Combine(work, "tools");
        var root = DemoFeedTests.RepositoryRoot();
        output.WriteLine(await Dotnet(root, "pack", Path.Combine("src", "RiskGrains.Cli"), "-c", "Release", "-o", feed, "-nodeReuse:false"));
        var package = Assert.Single(Directory.GetFiles(feed, "RiskGrains.Cli.*.nupkg"));
        using (var archive = ZipFile.OpenRead(package))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("tools/net10.0/any/riskgrains.dll", entries);
            Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", entries);
            Assert.Contains("README.md", entries);
        }

        // Only the folder as a source: the tool package carries everything it needs.
        await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        output.WriteLine(await Dotnet(work, "tool", "install", "--tool-path", tools, "--add-source", feed, "RiskGrains.Cli"));
        var command = Path.Combine(tools, "riskgrains");
        Assert.True(File.Exists(command), "the tool's command is installed");

        var help = await ToolProcess.RunFileAsync(command, ["--help"], CommandTimeout);
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("riskgrains [OPTIONS] <COMMAND>", help.Output, StringComparison.Ordinal);
        Assert.Contains("import", help.Output, StringComparison.Ordinal);

        await using var server = await ServerProcess.StartAsync(ServiceHost.TempDirectory());
        var get = await ToolProcess.RunFileAsync(command, ["get", "MSFT", "--server", server.Address.ToString()], CommandTimeout);
        output.WriteLine(get.Output + get.Error);
        Assert.Equal(ExitCodes.Ok, get.ExitCode);
        Assert.Contains("MSFT", get.Output, StringComparison.Ordinal);
        Assert.Contains("│ score", get.Output, StringComparison.Ordinal);
    }

    private static async Task<string> Dotnet(string workingDirectory, params string[] arguments)
    {
        var run = await ToolProcess.RunFileAsync("dotnet", arguments, CommandTimeout, new Dictionary<string, string>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        }, workingDirectory);
        return run.ExitCode == 0
            ? run.Output
            : throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {run.ExitCode}:\n{run.Output}\n{run.Error}");
    }
}
