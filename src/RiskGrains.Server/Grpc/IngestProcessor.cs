using Grpc.Core;
using RiskGrains.Grains;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// Applies an Ingest stream batch by batch. Within a batch, each company's items run in the
/// order sent while different companies run concurrently; an invalid item is rejected alone.
/// </summary>
internal sealed class IngestProcessor(IGrainFactory grains)
{
    private const int MaxReportedErrors = 100;

    public async Task<V1.IngestResponse> Run(IAsyncStreamReader<V1.IngestRequest> requests, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        ulong index = 0;
        while (await requests.MoveNext(cancellationToken))
        {
            var byCompany = new Dictionary<string, List<(ulong Index, Func<ICompanyGrain, Task<WriteResult>> Write)>>(StringComparer.Ordinal);
            foreach (var item in requests.Current.Items)
            {
                var (companyId, write, errors) = Read(item);
                if (errors.Count > 0)
                {
                    tally.Reject(index, companyId, RpcErrors.Describe(errors));
                }
                else
                {
                    if (!byCompany.TryGetValue(companyId, out var writes))
                    {
                        byCompany[companyId] = writes = [];
                    }

                    writes.Add((index, write!));
                }

                index++;
            }

            await Task.WhenAll(byCompany.Select(c => ApplyInOrder(c.Key, c.Value, tally)));
        }

        return tally.ToResponse();
    }

    private async Task ApplyInOrder(string companyId, List<(ulong Index, Func<ICompanyGrain, Task<WriteResult>> Write)> writes, Tally tally)
    {
        var grain = grains.GetGrain<ICompanyGrain>(companyId);
        foreach (var (index, write) in writes)
        {
            try
            {
                var result = await write(grain);
                tally.Count(result.Applied);
            }
            catch (UnknownCompanyException ex)
            {
                tally.Reject(index, companyId, ex.Message);
            }
        }
    }

    private static (string CompanyId, Func<ICompanyGrain, Task<WriteResult>>? Write, List<FieldError> Errors) Read(V1.IngestItem item)
    {
        var errors = new List<FieldError>();
        switch (item.ItemCase)
        {
            case V1.IngestItem.ItemOneofCase.UpsertCompany:
            {
                var profile = ProtoMapping.ToDomain(item.UpsertCompany.Profile, "upsert_company.profile", errors);
                return (profile?.Id ?? "", g => g.UpsertProfile(profile!), errors);
            }

            case V1.IngestItem.ItemOneofCase.ReportFinancials:
            {
                var r = item.ReportFinancials;
                ProtoMapping.CompanyId(r.CompanyId, "report_financials.company_id", errors);
                var periods = ProtoMapping.ToDomain(r.Periods, "report_financials.periods", errors);
                return (r.CompanyId, g => g.ReportFinancials(periods), errors);
            }

            case V1.IngestItem.ItemOneofCase.UpsertCommitment:
            {
                var r = item.UpsertCommitment;
                ProtoMapping.CompanyId(r.CompanyId, "upsert_commitment.company_id", errors);
                var commitment = ProtoMapping.ToDomain(r.Commitment, "upsert_commitment.commitment", errors);
                return (r.CompanyId, g => g.UpsertCommitment(commitment!), errors);
            }

            case V1.IngestItem.ItemOneofCase.RemoveCommitment:
            {
                var r = item.RemoveCommitment;
                ProtoMapping.CompanyId(r.CompanyId, "remove_commitment.company_id", errors);
                if (string.IsNullOrWhiteSpace(r.CommitmentId))
                {
                    errors.Add(new FieldError("remove_commitment.commitment_id", "must not be empty"));
                }

                return (r.CompanyId, g => g.RemoveCommitment(r.CommitmentId), errors);
            }

            case V1.IngestItem.ItemOneofCase.PublishMarketData:
            {
                var tick = ProtoMapping.ToDomain(item.PublishMarketData.MarketData, "publish_market_data.market_data", errors);
                return (item.PublishMarketData.MarketData?.CompanyId ?? "", g => g.PublishMarketData(tick!.Value), errors);
            }

            default:
                errors.Add(new FieldError("item", "must hold one of the writes"));
                return ("", null, errors);
        }
    }

    private sealed class Tally
    {
        private readonly object _gate = new();
        private readonly V1.IngestResponse _response = new();

        public void Count(bool applied)
        {
            lock (_gate)
            {
                if (applied)
                {
                    _response.Applied++;
                }
                else
                {
                    _response.Ignored++;
                }
            }
        }

        public void Reject(ulong index, string companyId, string message)
        {
            lock (_gate)
            {
                _response.Rejected++;
                if (_response.Errors.Count < MaxReportedErrors)
                {
                    _response.Errors.Add(new V1.IngestError { Index = index, CompanyId = companyId, Message = message });
                }
            }
        }

        public V1.IngestResponse ToResponse()
        {
            lock (_gate)
            {
                var sorted = _response.Errors.OrderBy(e => e.Index).ToList();
                _response.Errors.Clear();
                _response.Errors.Add(sorted);
                return _response;
            }
        }
    }
}
