namespace RiskGrains.Cli.Tests;

public sealed class GlobalArgumentsTests
{
    [Theory]
    [InlineData("--server http://h:1 get MSFT", "get --server http://h:1 MSFT")]
    [InlineData("--output json --api-key k get MSFT META", "get --output json --api-key k MSFT META")]
    [InlineData("-o json list --band low", "list -o json --band low")]
    [InlineData("--server=http://h:1 watch MSFT", "watch --server=http://h:1 MSFT")]
    [InlineData("--server http://h:1 portfolio show hyperscalers", "portfolio show --server http://h:1 hyperscalers")]
    [InlineData("portfolio --output json show hyperscalers", "portfolio show --output json hyperscalers")]
    [InlineData("--server http://h:1 alerts watch --count 1", "alerts watch --server http://h:1 --count 1")]
    [InlineData("--output json import sec f.json --id SNOW", "import sec --output json f.json --id SNOW")]
    public void Global_options_before_the_command_move_to_just_after_its_path(string given, string expected) =>
        Assert.Equal(expected.Split(' '), GlobalArguments.Reorder(given.Split(' ')));

    [Theory]
    [InlineData("get MSFT --server http://h:1")]
    [InlineData("get --output json MSFT")]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("--server http://h:1")]
    [InlineData("--server http://h:1 --verbose get MSFT")]
    public void Anything_else_is_left_as_it_is_for_the_parser_to_judge(string given) =>
        Assert.Equal(given.Split(' '), GlobalArguments.Reorder(given.Split(' ')));
}
