using MailHa.Operations.Journal;

namespace MailHa.Operations.Tests.Journal;

public class JournalOptionsValidatorTests
{
    [Fact]
    public void Validate_NamesTheKey_WhenPostgreSqlHasNoConnectionString()
    {
        var result = new JournalOptionsValidator().Validate(null, new JournalOptions { Provider = StorageProvider.PostgreSql });

        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Storage:ConnectionString:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NeverQuotesTheSecret_WhenTheConnectionStringIsMalformed()
    {
        var secret = Path.GetTempFileName();
        try
        {
            File.WriteAllText(secret, "Host=127.0.0.1;Password=hunter2;NoSuchKeyword=1");

            var result = new JournalOptionsValidator().Validate(null, new JournalOptions { Provider = StorageProvider.PostgreSql, ConnectionString = $"file:{secret}" });

            var failure = Assert.Single(result.Failures!);
            Assert.StartsWith("MailHa:Storage:ConnectionString:", failure, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Validate_Succeeds_WhenSqliteNeedsNoConnectionString()
    {
        Assert.True(new JournalOptionsValidator().Validate(null, new JournalOptions()).Succeeded);
    }
}
