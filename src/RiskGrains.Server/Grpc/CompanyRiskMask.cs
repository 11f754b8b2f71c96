using System.Collections.Frozen;
using Google.Protobuf.WellKnownTypes;
using RiskGrains.Model;
using V1 = RiskGrains.Contract.V1;

namespace RiskGrains.Server.Grpc;

/// <summary>
/// The fields of <see cref="V1.CompanyRisk"/> a watch asked for with its <c>read_mask</c> (AIP-157; docs/api.md,
/// WatchRisk), one bit per field number. <see cref="ProtoMapping"/> builds only these fields, so a desk that does
/// not need the cash path or the term structure pays neither for building them nor for their bytes, on any update
/// of its stream. A value, not an object: each stream holds its own, and asking it is one shift. It keeps the
/// fields left out, so that <c>default</c> is every field.
/// </summary>
internal readonly record struct CompanyRiskMask
{
    /// <summary>Field numbers index the bits: a CompanyRisk field numbered from here on needs a wider mask.</summary>
    public const int MaxFieldNumber = 127;

    /// <summary>
    /// The most paths a mask may hold: more than CompanyRisk has fields, so only a request built to be expensive
    /// reaches it, and its paths are then not read (a huge list of bad paths would otherwise be a huge error).
    /// </summary>
    public const int MaxPaths = MaxFieldNumber + 1;

    /// <summary>The longest bad path an error quotes: longer than any field name of CompanyRisk.</summary>
    private const int MaxQuotedPath = 64;

    /// <summary>What a client needs to place an update at all (which company, which version): sent whatever the mask.</summary>
    private static readonly UInt128 Identity = Bit(V1.CompanyRisk.CompanyIdFieldNumber) | Bit(V1.CompanyRisk.VersionFieldNumber);

    /// <summary>
    /// Each field's number by its proto name (<c>runway_cash</c>) and by its JSON name (<c>runwayCash</c>): an HTTP
    /// query parameter (<c>?readMask=score,runwayCash</c>) reaches the service with its paths as written.
    /// </summary>
    private static readonly FrozenDictionary<string, int> Fields = V1.CompanyRisk.Descriptor.Fields.InFieldNumberOrder()
        .SelectMany(f => new[] { (Name: f.Name, f.FieldNumber), (Name: f.JsonName, f.FieldNumber) })
        .DistinctBy(f => f.Name)
        .ToFrozenDictionary(f => f.Name, f => f.FieldNumber, StringComparer.Ordinal);

    private readonly UInt128 _omitted;

    private CompanyRiskMask(UInt128 fields) => _omitted = ~(fields | Identity);

    /// <summary>Every field: an absent or empty mask, or one holding <c>*</c>.</summary>
    public static CompanyRiskMask All => default;

    /// <summary>Whether the field of this number is to be built and sent.</summary>
    public bool Includes(int fieldNumber) => ((_omitted >> fieldNumber) & UInt128.One) == UInt128.Zero;

    /// <summary>
    /// The mask of a request's <c>read_mask</c>: every field when it is absent, empty or holds <c>*</c>; else the
    /// fields its paths name. At most <see cref="MaxPaths"/> paths, each naming a top-level field of CompanyRisk by its
    /// proto name or its JSON name (a field inside one, such as <c>merton.converged</c>, is not a path: <c>merton</c>
    /// is); every other path is added to <paramref name="errors"/> as <c>{path}.paths[i]</c>.
    /// </summary>
    public static CompanyRiskMask Read(FieldMask? mask, string path, List<FieldError> errors)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return All;
        }

        if (mask.Paths.Count > MaxPaths)
        {
            errors.Add(new FieldError(path, $"must hold at most {MaxPaths} paths (CompanyRisk has fewer fields)"));
            return All;
        }

        var fields = UInt128.Zero;
        var everything = false;
        for (var i = 0; i < mask.Paths.Count; i++)
        {
            var name = mask.Paths[i];
            if (name == "*")
            {
                everything = true;
            }
            else if (Fields.TryGetValue(name, out var number))
            {
                fields |= Bit(number);
            }
            else if (name.Length > MaxQuotedPath)
            {
                // Not repeated: a request's own text makes no status larger than the bounds of RpcErrors.
                errors.Add(new FieldError($"{path}.paths[{i}]", $"is {name.Length:N0} characters long, longer than any field name of CompanyRisk"));
            }
            else
            {
                errors.Add(new FieldError(
                    $"{path}.paths[{i}]",
                    $"names '{name}', which is not a field of CompanyRisk: a path names one of its fields, such as score, band or runway_cash, or is *"));
            }
        }

        return everything ? All : new CompanyRiskMask(fields);
    }

    private static UInt128 Bit(int fieldNumber) =>
        fieldNumber is > 0 and <= MaxFieldNumber
            ? UInt128.One << fieldNumber
            : throw new ArgumentOutOfRangeException(nameof(fieldNumber), fieldNumber, $"a read mask holds the fields numbered 1 to {MaxFieldNumber}");
}
