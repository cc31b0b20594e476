using System.Security.Cryptography;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Remembers signed requests for the signing window, in bounded memory. A signature seen again is a replay
/// (401) unless Slack marks it a retry (<c>X-Slack-Retry-Num</c>); a body seen again under a new signature is
/// Slack re-signing a retry. Either way a request is dispatched at most once. Only requests that passed the
/// signature check are recorded, so nobody without the signing secret can fill the memory.
/// </summary>
internal sealed class SlackReplayGuard(TimeProvider time)
{
    public const int Capacity = 20_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> expiries = new();

    public SlackReplayVerdict Check(SlackSignatureValid request, ReadOnlySpan<byte> body, bool isSlackRetry)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var signatureKey = "s:" + request.Signature;
        var bodyKey = "b:" + Convert.ToBase64String(SHA256.HashData(body));

        lock (gate)
        {
            Prune(now);
            if (seen.ContainsKey(signatureKey))
            {
                return isSlackRetry ? SlackReplayVerdict.Duplicate : SlackReplayVerdict.Replay;
            }

            if (seen.Count + 2 > Capacity)
            {
                return SlackReplayVerdict.Full;
            }

            // The signature is only usable while its timestamp is in the window; the body is kept a window
            // longer so a retry Slack re-signs minutes later is still recognised.
            var signedAt = DateTimeOffset.FromUnixTimeSeconds(request.Timestamp);
            Remember(signatureKey, signedAt + SlackRequestVerifier.Window + TimeSpan.FromSeconds(1));
            if (seen.ContainsKey(bodyKey))
            {
                return SlackReplayVerdict.Duplicate;
            }

            Remember(bodyKey, now + (2 * SlackRequestVerifier.Window));
            return SlackReplayVerdict.New;
        }
    }

    private void Remember(string key, DateTimeOffset expiresAt)
    {
        seen[key] = expiresAt;
        expiries.Enqueue(key, expiresAt);
    }

    private void Prune(DateTimeOffset now)
    {
        while (expiries.TryPeek(out var key, out var expiresAt) && expiresAt <= now)
        {
            expiries.Dequeue();
            if (seen.TryGetValue(key, out var current) && current <= now)
            {
                seen.Remove(key);
            }
        }
    }
}
