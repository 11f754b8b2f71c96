using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RiskGrains.Model;

namespace RiskGrains.Server.Grpc;

/// <summary>The statuses of the contract's error table for bad input and unknown companies, built in one place.</summary>
internal static class RpcErrors
{
    /// <summary>A NOT_FOUND message names at most this many ids, so a large watch does not get a huge status.</summary>
    private const int MaxNamedIds = 10;

    /// <summary>An INVALID_ARGUMENT names at most this many fields, then counts the rest: a request of thousands of bad entries gets a status of bounded size.</summary>
    public const int MaxFieldErrors = 100;

    /// <summary>An Ingest error names at most this many fields of its item, so that the response stays small (<see cref="ResponseBounds.Ingest"/>).</summary>
    public const int MaxFieldErrorsPerIngestItem = 10;

    /// <summary>Runs a request reader and raises INVALID_ARGUMENT with every field it rejected.</summary>
    public static T Checked<T>(Func<List<FieldError>, T> read)
    {
        var errors = new List<FieldError>();
        var value = read(errors);
        if (errors.Count > 0)
        {
            throw InvalidArgument(errors);
        }

        return value;
    }

    public static RpcException InvalidArgument(IReadOnlyCollection<FieldError> errors)
    {
        var badRequest = new BadRequest();
        foreach (var error in errors.Take(MaxFieldErrors))
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = error.Field, Description = error.Message });
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Describe(errors, MaxFieldErrors),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>NOT_FOUND for one or more unknown companies (reads, and writes before UpsertCompany).</summary>
    public static RpcException NotFound(IReadOnlyCollection<string> companyIds) =>
        new(new global::Grpc.Core.Status(StatusCode.NotFound, UnknownCompanies(companyIds)));

    /// <summary>NOT_FOUND for a portfolio that does not exist (never created, or removed).</summary>
    public static RpcException PortfolioNotFound(string portfolioId) =>
        new(new global::Grpc.Core.Status(StatusCode.NotFound, $"portfolio '{portfolioId}' is unknown: create it with UpsertPortfolio first"));

    public static string UnknownCompanies(IReadOnlyCollection<string> companyIds)
    {
        if (companyIds.Count == 1)
        {
            return $"company '{companyIds.First()}' is unknown: create it with UpsertCompany first";
        }

        var named = string.Join(", ", companyIds.Take(MaxNamedIds));
        var more = companyIds.Count > MaxNamedIds ? $" and {companyIds.Count - MaxNamedIds:N0} more" : "";
        return $"{companyIds.Count:N0} companies are unknown: {named}{more}; create each with UpsertCompany first";
    }

    /// <summary>"invalid input: " and the first <paramref name="max"/> errors, then how many more there are.</summary>
    public static string Describe(IReadOnlyCollection<FieldError> errors, int max)
    {
        var named = string.Join("; ", errors.Take(max).Select(e => $"{e.Field} {e.Message}"));
        return errors.Count > max ? $"invalid input: {named}; and {errors.Count - max:N0} more" : $"invalid input: {named}";
    }
}
