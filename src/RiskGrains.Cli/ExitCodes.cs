namespace RiskGrains.Cli;

/// <summary>What <c>riskgrains</c> returns to the shell (docs/cli.md, Exit codes).</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>watch</c> and <c>demo</c>, stopped by <c>q</c> or Ctrl+C.</summary>
    public const int Ok = 0;

    /// <summary>The server refused the request (its status and field-level message are printed), failed, or could not be reached.</summary>
    public const int ServerError = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing argument, a value that cannot be read.</summary>
    public const int Usage = 2;

    /// <summary>The input file was refused or could not be read (<c>import</c>): another taxonomy, another currency, a bad line.</summary>
    public const int BadFile = 3;
}
