using RiskGrains.Contract.V1;

namespace RiskGrains.Client.Tests;

/// <summary>What the options accept, and batches of Ingest.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_name_no_server_and_are_refused_for_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new RiskGrainsClient(new RiskGrainsClientOptions()));

        Assert.Equal("invalid RiskGrainsClientOptions: Address (or Addresses) must name at least one server, such as http://localhost:5000", error.Message);
    }

    [Fact]
    public void Certificates_with_a_plaintext_address_and_bad_timings_are_each_named()
    {
        var options = new RiskGrainsClientOptions
        {
            Address = new Uri("http://localhost:5000"),
            Addresses = { new Uri("localhost:5001") },
            CaCertificatePath = "ca.pem",
            ClientCertificateKeyPath = "client.key",
            KeepAlivePingDelay = TimeSpan.Zero,
            CallTimeout = TimeSpan.FromSeconds(-1),
            Reconnect = { Jitter = 2, MaxDelay = TimeSpan.FromMilliseconds(1) },
        };

        var error = Assert.Throws<ArgumentException>(() => new RiskGrainsClient(options));

        Assert.Equal(
            "invalid RiskGrainsClientOptions: the address 'localhost:5001' must be an absolute http:// or https:// address; "
            + "ClientCertificateKeyPath needs ClientCertificatePath; "
            + "certificates (CaCertificates, CaCertificatePath, ClientCertificate, ClientCertificatePath) need https:// addresses: an http:// address is plaintext; "
            + "KeepAlivePingDelay must be positive, or Timeout.InfiniteTimeSpan for no pings; "
            + "CallTimeout must be positive, or null for none; "
            + "Reconnect.MaxDelay must be at least Reconnect.InitialDelay; Reconnect.Jitter must be between 0 and 1",
            error.Message);
    }

    [Fact]
    public void A_client_over_a_given_channel_takes_no_address_but_checks_its_retries()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://localhost:5000");
        using var client = new RiskGrainsClient(channel);

        var error = Assert.Throws<ArgumentException>(() => new RiskGrainsClient(channel, new RiskGrainsClientOptions { Retry = { Multiplier = 0.5 } }));

        Assert.Equal("invalid RiskGrainsClientOptions: Retry.Multiplier must be a number of at least 1", error.Message);
    }

    [Fact]
    public void The_client_keeps_a_copy_of_the_options_given()
    {
        var options = new RiskGrainsClientOptions { Address = new Uri("http://localhost:5000") };
        using var client = new RiskGrainsClient(options);

        options.Retry.MaxAttempts = 1;
        options.Addresses.Add(new Uri("http://localhost:5001"));

        Assert.Equal(10, client.Options.Retry.MaxAttempts);
        Assert.Empty(client.Options.Addresses);
    }

    [Fact]
    public void The_address_comes_first_then_the_others_each_once()
    {
        var options = new RiskGrainsClientOptions
        {
            Address = new Uri("http://b:1"),
            Addresses = { new Uri("http://a:1"), new Uri("http://b:1"), new Uri("http://c:1") },
        };

        Assert.Equal(["http://b:1/", "http://a:1/", "http://c:1/"], options.AllAddresses().Select(a => a.ToString()));
    }

    [Fact]
    public void Ingest_batches_hold_at_most_the_batch_size_and_about_a_mebibyte_in_order()
    {
        var small = Enumerable.Range(0, 7).Select(i => new IngestItem { RemoveCommitment = new RemoveCommitmentRequest { CompanyId = "A", CommitmentId = $"c{i}" } });
        var large = Enumerable.Range(0, 5).Select(i => new IngestItem { UpsertCompany = new UpsertCompanyRequest { Profile = new CompanyProfile { CompanyId = $"L{i}", Name = new string('x', 400_000) } } });

        var bySize = RiskGrainsClient.Batches(small, batchSize: 3);
        var byBytes = RiskGrainsClient.Batches(large, batchSize: 1000);

        Assert.Equal([3, 3, 1], bySize.Select(b => b.Items.Count));
        Assert.Equal(small.Select(i => i.RemoveCommitment.CommitmentId), bySize.SelectMany(b => b.Items).Select(i => i.RemoveCommitment.CommitmentId));
        Assert.Equal([2, 2, 1], byBytes.Select(b => b.Items.Count));
        Assert.All(byBytes, b => Assert.True(b.CalculateSize() < 1024 * 1024));
    }
}
