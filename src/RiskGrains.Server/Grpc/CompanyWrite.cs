using RiskGrains.Grains;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// One write of the contract, read and checked: the company it is for and the grain call that
/// applies it. The unary RPCs and Ingest build it with the same <see cref="RequestReader"/>.
/// </summary>
internal sealed class CompanyWrite(string companyId, Func<ICompanyGrain, Task<WriteResult>> apply)
{
    public string CompanyId { get; } = companyId;

    public Task<WriteResult> ApplyTo(ICompanyGrain company) => apply(company);
}
