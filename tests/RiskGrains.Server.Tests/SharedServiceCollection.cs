namespace RiskGrains.Server.Tests;

[CollectionDefinition(Name)]
public sealed class SharedServiceCollection : ICollectionFixture<SharedService>
{
    public const string Name = "shared service";
}
