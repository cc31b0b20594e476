using Dapper;
using MailHa.Bot.Pipeline;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>
/// Deliveries remembered in the journal, on both providers: a repeat within the window is refused, expired keys are pruned
/// now and then, and deliveries arriving together are claimed together, each exactly once.
/// </summary>
public sealed class DeliveryDeduplicatorTests(PostgresServer postgres)
{
    public static TheoryData<StorageProvider> Providers => new(StorageProvider.Sqlite, StorageProvider.PostgreSql);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FirstTimeAsync_DeletesExpiredKeysAtMostOncePerPruneInterval_WhenDeliveriesComeCloserThanThat(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var deliveries = bot.Services.GetRequiredService<DeliveryDeduplicator>();
        await deliveries.FirstTimeAsync("slack:a", Token); // deletes (nothing yet)
        bot.Time.Advance(DeliveryDeduplicator.Window - TimeSpan.FromSeconds(10));
        await deliveries.FirstTimeAsync("slack:b", Token); // deletes; "a" is not expired yet
        bot.Time.Advance(TimeSpan.FromSeconds(20));

        await deliveries.FirstTimeAsync("slack:c", Token); // "a" has expired, but the last deletion was 20 s ago
        var kept = await KeysAsync(bot);
        bot.Time.Advance(DeliveryDeduplicator.PruneInterval);
        await deliveries.FirstTimeAsync("slack:d", Token);

        Assert.Equal(["slack:a", "slack:b", "slack:c"], kept);
        Assert.Equal(["slack:b", "slack:c", "slack:d"], await KeysAsync(bot));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FirstTimeAsync_IsTrueAgain_WhenTheKeyExpiredButWasNotDeletedYet(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var deliveries = bot.Services.GetRequiredService<DeliveryDeduplicator>();
        var first = await deliveries.FirstTimeAsync("teams:1", Token);
        var repeat = await deliveries.FirstTimeAsync("teams:1", Token);
        bot.Time.Advance(DeliveryDeduplicator.Window - TimeSpan.FromSeconds(1));
        await deliveries.FirstTimeAsync("teams:2", Token); // the deletion of this minute: "teams:1" is not expired yet
        bot.Time.Advance(TimeSpan.FromSeconds(2));

        var afterWindow = await deliveries.FirstTimeAsync("teams:1", Token);
        var repeatAfterWindow = await deliveries.FirstTimeAsync("teams:1", Token);

        Assert.Equal((true, false, true, false), (first, repeat, afterWindow, repeatAfterWindow));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FirstTimeAsync_IsTrueForEachKeyOnceAndRecordsIt_WhenManyDeliveriesArriveTogether(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var deliveries = bot.Services.GetRequiredService<DeliveryDeduplicator>();
        var keys = Enumerable.Range(0, 40).Select(i => $"slack:{i:00}").ToList();

        // Each key three times, all at once: whichever groups they land in, each key is claimed by one delivery only.
        var answers = await Task.WhenAll(keys.Concat(keys).Concat(keys).Select(key => Task.Run(() => deliveries.FirstTimeAsync(key, Token), Token)));

        Assert.Equal(keys.Count, answers.Count(first => first));
        Assert.Equal(keys, await KeysAsync(bot));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FirstTimeAsync_FailsOnlyTheClaimsItCouldNotWrite_WhenTheJournalFails(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var deliveries = bot.Services.GetRequiredService<DeliveryDeduplicator>();
        await deliveries.FirstTimeAsync("slack:before", Token);
        await RenameAsync(bot, "chat_deliveries", "chat_deliveries_away");

        var failed = await Record.ExceptionAsync(() => deliveries.FirstTimeAsync("slack:during", Token));
        await RenameAsync(bot, "chat_deliveries_away", "chat_deliveries");
        var afterwards = await deliveries.FirstTimeAsync("slack:after", Token);
        var repeat = await deliveries.FirstTimeAsync("slack:before", Token);

        Assert.NotNull(failed);
        Assert.Equal((true, false), (afterwards, repeat));
        Assert.Equal(["slack:after", "slack:before"], await KeysAsync(bot));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Schema_IndexesDeliveriesByWhenSeen_OnEitherProvider(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        await using var connection = await bot.Services.GetRequiredService<JournalDatabase>().OpenAsync(Token);

        // Expired delivery keys are deleted by age: that DELETE must not read the whole table.
        var indexed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            provider == StorageProvider.PostgreSql
                ? "SELECT indexdef FROM pg_indexes WHERE tablename = 'chat_deliveries' AND indexname = 'chat_deliveries_seen_at'"
                : "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'chat_deliveries' AND name = 'chat_deliveries_seen_at'",
            cancellationToken: Token));

        Assert.EndsWith("(seen_at)", indexed, StringComparison.Ordinal);
    }

    private static async Task RenameAsync(BotHarness bot, string table, string to)
    {
        await using var connection = await bot.Services.GetRequiredService<JournalDatabase>().OpenAsync(Token);
        await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {table} RENAME TO {to}", cancellationToken: Token));
    }

    private static async Task<List<string>> KeysAsync(BotHarness bot)
    {
        await using var connection = await bot.Services.GetRequiredService<JournalDatabase>().OpenAsync(Token);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT key FROM chat_deliveries ORDER BY key", cancellationToken: Token))];
    }
}
