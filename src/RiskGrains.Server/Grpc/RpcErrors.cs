using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RiskGrains.Model;

namespace RiskGrains.Server.Grpc;

/// <summary>The statuses of API.md's error table, raised in one place.</summary>
internal static class RpcErrors
{
    [DoesNotReturn]
    public static void InvalidArgument(IReadOnlyCollection<FieldError> errors) => throw InvalidArgumentException(errors);

    public static RpcException InvalidArgumentException(IReadOnlyCollection<FieldError> errors)
    {
        var badRequest = new BadRequest();
        foreach (var error in errors)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = error.Field, Description = error.Message });
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Describe(errors),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    [DoesNotReturn]
    public static void NotFound(string message) => throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, message));

    public static string Describe(IEnumerable<FieldError> errors) =>
        "invalid input: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"));
}
