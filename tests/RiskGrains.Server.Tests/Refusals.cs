using Google.Rpc;
using Grpc.Core;
using RiskGrains.Contract.V1;

namespace RiskGrains.Server.Tests;

/// <summary>Assertions on refused calls: the status, the field and the bound named, and nothing changed.</summary>
internal static class Refusals
{
    /// <summary>INVALID_ARGUMENT naming <paramref name="field"/> with a message holding <paramref name="message"/>, in the text and in the BadRequest details.</summary>
    public static async Task<RpcException> AssertInvalid(Func<Task> call, string field, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"{field} {message}", error.Status.Detail, StringComparison.Ordinal);
        var violations = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];
        Assert.Contains(violations, v => v.Field == field && v.Description.Contains(message, StringComparison.Ordinal));
        return error;
    }

    /// <summary>A call refused with <paramref name="code"/> and a message holding <paramref name="message"/>.</summary>
    public static async Task<RpcException> AssertStatus(Func<Task> call, StatusCode code, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        return error;
    }

    /// <summary>The company is at <paramref name="version"/> with the one period and one commitment <see cref="Requests.CreateAsync"/> gave it.</summary>
    public static async Task AssertUnchanged(RiskService.RiskServiceClient client, string id, ulong version)
    {
        var risk = (await client.GetRiskAsync(new GetRiskRequest { CompanyId = id })).Risk;
        Assert.Equal(version, risk.Version);
        Assert.Equal(1, risk.Inputs.Periods);
        Assert.Equal(1, risk.Inputs.Commitments);
        Assert.Equal(new Date { Year = 2025, Month = 6, Day = 30 }, risk.T0);
        Assert.Equal($"Company {id}", risk.Profile.Name);
    }

    /// <summary>The id names no company.</summary>
    public static async Task AssertUnknown(RiskService.RiskServiceClient client, string id)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetRiskAsync(new GetRiskRequest { CompanyId = id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
