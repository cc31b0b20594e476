using Dapper;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// The Bot Connector endpoints our outbound token may be sent to: serviceUrls seen in authenticated
/// activities, plus the configured alert channels'. Anything else is refused before a token is attached.
/// The seen ones are kept in the journal: after a restart, or on the other instance, the buttons of a card
/// posted into a conversation the bot learned from an activity still work.
/// </summary>
internal sealed class TeamsServiceUrlRegistry
{
    /// <summary>The serviceUrls seen in authenticated activities.</summary>
    public static JournalSchema Schema { get; } = new("teams_service_urls",
    [
        new(
            Sqlite: """
            CREATE TABLE teams_service_urls (
                url TEXT PRIMARY KEY,
                seen_at INTEGER NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE teams_service_urls (
                url TEXT PRIMARY KEY,
                seen_at BIGINT NOT NULL
            );
            """,
            ShippedAs: 3),
    ]);

    // Bot Framework uses a handful of regional endpoints; the bound only guards against surprises.
    private const int MaxRemembered = 256;

    private readonly JournalDatabase _journal;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _configured;

    // Known-good URLs are never forgotten, so once the journal has said yes, outbound calls need not ask again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public TeamsServiceUrlRegistry(JournalDatabase journal, TimeProvider time, IOptions<TeamsOptions> options)
    {
        _journal = journal;
        _time = time;
        _configured = new HashSet<string>(
            options.Value.AlertChannels.Select(c => Normalize(c.ServiceUrl)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Records a serviceUrl from an activity whose token carried it in its <c>serviceurl</c> claim.</summary>
    public async Task RememberAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var url = Key(serviceUrl);
        if (_known.ContainsKey(url))
        {
            return;
        }

        try
        {
            await RecordAsync(url, cancellationToken);
        }
        catch (Exception e) when (JournalAvailability.IsUnreachable(e))
        {
            // Remembering is for later proactive posts: a journal outage must not turn an authenticated activity away
            // (it reaches the pipeline, which answers it). The next activity from this serviceUrl records it.
        }
    }

    private async Task RecordAsync(string url, CancellationToken cancellationToken)
    {
        await using var connection = await _journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO teams_service_urls (url, seen_at)
            SELECT @url, @now WHERE (SELECT COUNT(*) FROM teams_service_urls) < @max
            ON CONFLICT (url) DO UPDATE SET seen_at = excluded.seen_at
            """,
            new { url, now = _time.GetUtcNow().ToUnixTimeMilliseconds(), max = MaxRemembered },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> IsAllowedAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var normalized = Normalize(serviceUrl);
        if (!IsAcceptableEndpoint(normalized))
        {
            return false;
        }

        if (_configured.Contains(normalized))
        {
            return true;
        }

        var url = Key(serviceUrl);
        if (_known.ContainsKey(url))
        {
            return true;
        }

        await using var connection = await _journal.OpenAsync(cancellationToken);
        var seen = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM teams_service_urls WHERE url = @url", new { url }, cancellationToken: cancellationToken)) > 0;
        if (seen)
        {
            _known.TryAdd(url, 0);
        }

        return seen;
    }

    /// <summary>Host names compare without case; the stored form is the normalized URL in lower case.</summary>
    private static string Key(string serviceUrl) => Normalize(serviceUrl).ToLowerInvariant();

    /// <summary>The base address for REST calls: the serviceUrl with exactly one trailing slash.</summary>
    public static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/') + "/";

    /// <summary>An absolute https URL without user info.</summary>
    public static bool IsAcceptableEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && string.IsNullOrEmpty(uri.UserInfo);
}
