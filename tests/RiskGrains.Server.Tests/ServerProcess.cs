using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>The built server run as its own OS process, as `dotnet run` would run it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    // Whatever a test leaves running (a failed start, an assertion before cleanup) ends with the test run.
    private static readonly List<Process> Started = [];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDir;
    private readonly string[] _extraArgs;

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllStarted();

    private ServerProcess(Process process, Uri address, int siloPort, string dataDir, string[] extraArgs)
    {
        _process = process;
        _dataDir = dataDir;
        _extraArgs = extraArgs;
        Address = address;
        SiloPort = siloPort;
        Channel = GrpcChannel.ForAddress(address);
        Client = new RiskService.RiskServiceClient(Channel);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>The Orleans silo port; a snapshot's <c>silo</c> field names it.</summary>
    public int SiloPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public GrpcChannel Channel { get; }

    public RiskService.RiskServiceClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<ServerProcess> StartAsync(string dataDir, params string[] extraArgs) =>
        StartAsync(new Uri($"http://127.0.0.1:{ServiceHost.FreePort()}"), dataDir, extraArgs);

    /// <summary>
    /// A new process on this one's address, data folder and arguments, as a supervisor restarts a service: for
    /// clients that must find the server where it was. This one must have exited (<see cref="KillHard"/>).
    /// </summary>
    public Task<ServerProcess> StartAgainAsync() =>
        _process.HasExited
            ? StartAsync(Address, _dataDir, _extraArgs)
            : throw new InvalidOperationException("the server is still running: stop it first");

    private static async Task<ServerProcess> StartAsync(Uri address, string dataDir, string[] extraArgs)
    {
        var siloPort = ServiceHost.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            Path.Combine(AppContext.BaseDirectory, "RiskGrains.Server.dll"),
            "--urls", address.ToString(),
            "--RiskGrains:DataDir", dataDir,
            "--RiskGrains:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--RiskGrains:GatewayPort", ServiceHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--RiskGrains:MarketStateSaveInterval", "00:00:01",
            .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        lock (Started)
        {
            Started.Add(process);
        }

        var server = new ServerProcess(process, address, siloPort, dataDir, extraArgs);
        try
        {
            await server.WaitUntilServingAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>SIGTERM, as a container runtime or systemd stops a service.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: {Marshal.GetLastPInvokeError()}");
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>The server's resident memory (VmRSS of /proc/PID/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(Channel);
        var serving = await Eventually.True(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    var status = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    return status.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (RpcException)
                {
                    return false;
                }
            },
            timeout: TimeSpan.FromSeconds(60),
            interval: TimeSpan.FromMilliseconds(200));
        if (!serving)
        {
            throw new TimeoutException($"the server did not serve within 60 s:\n{Output}");
        }
    }

    private static void KillAllStarted()
    {
        lock (Started)
        {
            foreach (var process in Started)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
