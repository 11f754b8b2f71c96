using System.Text;

namespace RiskGrains.Filings.Csv;

/// <summary>Splits one CSV line into fields (RFC 4180: fields in double quotes may hold commas and doubled quotes).</summary>
internal static class CsvLineParser
{
    /// <summary>The fields, or null with <paramref name="error"/> set when a quote is not closed or stray text follows one.</summary>
    public static List<string>? Split(string line, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "a quoted field is not closed (a field may not span lines)";
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    error = $"text after the closing quote of field {fields.Count + 1}";
                    return null;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                error = null;
                return fields;
            }

            i++; // the comma
        }
    }
}
