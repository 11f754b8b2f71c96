using System.Reflection;
using Spectre.Console.Cli;

namespace RiskGrains.Cli.Tests;

/// <summary>docs/cli.md names every command, every option and every exit code the tool has, so the two cannot drift apart.</summary>
public sealed class CliDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "cli.md"));

    [Theory]
    [InlineData("get")]
    [InlineData("list")]
    [InlineData("watch")]
    [InlineData("scenario")]
    [InlineData("history")]
    [InlineData("portfolio show")]
    [InlineData("portfolio watch")]
    [InlineData("import sec")]
    [InlineData("import csv")]
    [InlineData("demo")]
    [InlineData("alerts watch")]
    public async Task Every_command_has_its_section_and_answers_help(string command)
    {
        Assert.Contains($"`riskgrains {command}", Docs, StringComparison.Ordinal);
        var help = await CliRun.RunAsync([.. command.Split(' '), "--help"]);
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains($"riskgrains {command}", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_of_every_command_is_documented()
    {
        var options = typeof(GlobalSettings).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties())
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.LongNames)
            .Distinct()
            .ToList();
        Assert.Contains("server", options);
        Assert.All(options, name => Assert.Contains($"`--{name}", Docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_exit_code_is_in_the_table()
    {
        var codes = typeof(ExitCodes).GetFields().Select(f => (int)f.GetValue(null)!).ToList();
        Assert.Equal([0, 1, 2, 3], codes.Order());
        Assert.All(codes, code => Assert.Contains($"\n| {code} | ", Docs, StringComparison.Ordinal));
    }
}
