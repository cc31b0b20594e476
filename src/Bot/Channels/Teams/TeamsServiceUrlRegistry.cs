using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// The Bot Connector endpoints our outbound token may be sent to: serviceUrls seen in authenticated
/// activities, plus the configured alert channels'. Anything else is refused before a token is attached.
/// </summary>
internal sealed class TeamsServiceUrlRegistry
{
    // Bot Framework uses a handful of regional endpoints; the bound only guards against surprises.
    private const int MaxRemembered = 256;

    private readonly ConcurrentDictionary<string, byte> _validated = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _configured;

    public TeamsServiceUrlRegistry(IOptions<TeamsOptions> options)
    {
        _configured = new HashSet<string>(
            options.Value.AlertChannels.Select(c => Normalize(c.ServiceUrl)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Records a serviceUrl from an activity whose token carried it in its <c>serviceurl</c> claim.</summary>
    public Task RememberAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        if (_validated.Count < MaxRemembered)
        {
            _validated.TryAdd(Normalize(serviceUrl), 0);
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsAllowedAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var normalized = Normalize(serviceUrl);
        return Task.FromResult(IsAcceptableEndpoint(normalized) && (_validated.ContainsKey(normalized) || _configured.Contains(normalized)));
    }

    /// <summary>The base address for REST calls: the serviceUrl with exactly one trailing slash.</summary>
    public static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/') + "/";

    /// <summary>An absolute https URL, or http on a loopback address (local test stand-ins only).</summary>
    public static bool IsAcceptableEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri)))
        && string.IsNullOrEmpty(uri.UserInfo);

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
