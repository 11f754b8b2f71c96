using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace RiskGrains.Server.Hosting;

/// <summary>
/// `RiskGrains.Server probe URL`: asks a running server's grpc.health.v1 service and exits 0 when it
/// answers SERVING, 1 otherwise. Container health checks use it, so the image needs no extra tool.
/// It reads no configuration and starts nothing. Over https it does not check the server's
/// certificate: it sends nothing secret and reads only a status, usually from 127.0.0.1, a name the
/// certificate seldom carries.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string url)
    {
        try
        {
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            using var channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler });
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            Console.WriteLine(reply.Status);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (Exception ex) when (ex is RpcException or UriFormatException or HttpRequestException)
        {
            Console.WriteLine($"NOT_SERVING: {ex.Message}");
            return 1;
        }
    }
}
