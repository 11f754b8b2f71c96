using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace RiskGrains.Model;

/// <summary>
/// A portfolio's figures kept up to date one member at a time (docs/risk-model.md §7). A member's
/// update replaces its position's contributions to the running totals, in time independent of the
/// number of positions. The totals are summed again from the positions once per as many updates as
/// there are positions, so rounding never accumulates (still constant time per update, amortised).
/// <see cref="Compose"/> lists the positions by stressed loss, for readers.
/// </summary>
public sealed class PortfolioBook
{
    private readonly Portfolio _portfolio;
    private readonly double _quantile;
    private readonly Dictionary<string, int> _indexOf;
    private readonly PositionRisk[] _positions;
    private readonly string[] _sectors;
    private readonly double _totalExposure;
    private readonly double _nameConcentration;
    private readonly CompensatedSum[] _bandExposure = new CompensatedSum[6];
    private CompensatedSum _expectedLoss;
    private CompensatedSum _stressedLoss;
    private CompensatedSum _scoredExposure;
    private CompensatedSum _exposureTimesScore;
    private int _updatesSinceSummed;

    /// <summary>Every member starts unknown: no probability, no score, the empty sector.</summary>
    public PortfolioBook(Portfolio portfolio, double quantile = PortfolioModel.DefaultStressQuantile)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        _portfolio = portfolio;
        _quantile = quantile;
        _indexOf = new Dictionary<string, int>(portfolio.Positions.Length, StringComparer.Ordinal);
        _positions = new PositionRisk[portfolio.Positions.Length];
        _sectors = new string[portfolio.Positions.Length];
        var total = default(CompensatedSum);
        var squares = default(CompensatedSum);
        for (int i = 0; i < _positions.Length; i++)
        {
            var position = portfolio.Positions[i];
            _indexOf[position.CompanyId] = i;
            _positions[i] = PortfolioModel.Evaluate(position, MemberRisk.Unknown, portfolio.AssetCorrelation, quantile);
            _sectors[i] = MemberRisk.Unknown.Sector;
            total.Add(position.Exposure);
            squares.Add(position.Exposure * position.Exposure);
        }

        _totalExposure = total.Value;
        _nameConcentration = _totalExposure > 0 ? squares.Value / (_totalExposure * _totalExposure) : 0;
        SumAgain();
    }

    public Portfolio Portfolio => _portfolio;

    public IEnumerable<string> CompanyIds => _indexOf.Keys;

    /// <summary>Takes a member's new risk; false when the company is not a member.</summary>
    public bool Update(string companyId, MemberRisk member)
    {
        if (!_indexOf.TryGetValue(companyId, out int i))
        {
            return false;
        }

        var next = PortfolioModel.Evaluate(_portfolio.Positions[i], member, _portfolio.AssetCorrelation, _quantile);
        Count(_positions[i], -1);
        Count(next, +1);
        _positions[i] = next;
        _sectors[i] = member.Sector;
        if (++_updatesSinceSummed >= Math.Max(_positions.Length, 64))
        {
            SumAgain();
        }

        return true;
    }

    /// <summary>The figures with every position, by stressed loss; O(n log n), for readers and watchers.</summary>
    public PortfolioRisk Compose()
    {
        double stressedLoss = _stressedLoss.Value;
        double expectedLoss = _expectedLoss.Value;
        var positions = PortfolioModel.ByStressedLoss(_positions.Select(p =>
            p.StressedLoss is { } loss ? p with { ShareOfStressedLoss = stressedLoss > 0 ? loss / stressedLoss : null } : p));
        var bands = ImmutableArray.CreateBuilder<BandExposure>();
        for (int b = 0; b < _bandExposure.Length; b++)
        {
            if (_bandExposure[b].Value is > 0 and var exposure)
            {
                bands.Add(new BandExposure(b == 0 ? null : (Band)b, exposure));
            }
        }

        bool hasExposure = _totalExposure > 0;
        double scored = _scoredExposure.Value;
        return new PortfolioRisk(
            _portfolio.Id,
            _totalExposure,
            expectedLoss,
            hasExposure ? expectedLoss / _totalExposure : null,
            stressedLoss,
            stressedLoss - expectedLoss,
            scored > 0 ? _exposureTimesScore.Value / scored : null,
            bands.ToImmutable(),
            hasExposure ? _nameConcentration : null,
            hasExposure ? SectorConcentration() : null,
            positions);
    }

    private void Count(PositionRisk position, int sign)
    {
        if (position.ExpectedLoss is { } expected)
        {
            _expectedLoss.Add(sign * expected);
            _stressedLoss.Add(sign * position.StressedLoss!.Value);
        }

        if (position.Score is { } score)
        {
            _scoredExposure.Add(sign * position.Exposure);
            _exposureTimesScore.Add(sign * position.Exposure * score);
        }

        _bandExposure[(int?)position.Band ?? 0].Add(sign * position.Exposure);
    }

    private void SumAgain()
    {
        _expectedLoss = default;
        _stressedLoss = default;
        _scoredExposure = default;
        _exposureTimesScore = default;
        Array.Clear(_bandExposure);
        foreach (var position in _positions)
        {
            Count(position, +1);
        }

        _updatesSinceSummed = 0;
    }

    private double SectorConcentration()
    {
        var bySector = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < _positions.Length; i++)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(bySector, _sectors[i], out _) += _positions[i].Exposure;
        }

        double concentration = 0;
        foreach (var exposure in bySector.Values)
        {
            double share = exposure / _totalExposure;
            concentration += share * share;
        }

        return concentration;
    }
}
