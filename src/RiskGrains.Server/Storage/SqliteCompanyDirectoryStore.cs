using Microsoft.Data.Sqlite;
using RiskGrains.Grains;

namespace RiskGrains.Server.Storage;

/// <summary>
/// Directory rows in the embedded store: one row of <c>directory_row</c> per company, written
/// through the database's writer, so a registration commits with whatever grain state arrived
/// with it and is on disk when it returns.
/// </summary>
public sealed class SqliteCompanyDirectoryStore(SqliteDatabase database) : ICompanyDirectoryStore
{
    public async Task<IReadOnlyList<CompanyListing>> ReadAll(GrainId directory, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM directory_row WHERE directory = $directory";
        command.Parameters.AddWithValue("$directory", directory.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<CompanyListing>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(DirectoryRow.Decode((byte[])reader.GetValue(0)));
        }

        return rows;
    }

    public Task Upsert(GrainId directory, IReadOnlyCollection<CompanyListing> rows)
    {
        // Encoded here, on the caller's thread: the writer thread only binds and steps.
        var id = directory.ToString();
        var encoded = rows.Select(row => (row.CompanyId, Payload: DirectoryRow.Encode(row))).ToArray();
        return database.Write((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO directory_row (directory, company_id, payload) VALUES ($directory, $company, $payload)
                ON CONFLICT (directory, company_id) DO UPDATE SET payload = excluded.payload
                """;
            command.Parameters.AddWithValue("$directory", id);
            var company = command.Parameters.Add("$company", SqliteType.Text);
            var payload = command.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var row in encoded)
            {
                company.Value = row.CompanyId;
                payload.Value = row.Payload;
                command.ExecuteNonQuery();
            }

            return encoded.Length;
        });
    }
}
