using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Slack's v0 request signing: <c>v0=</c> + lowercase hex HMAC-SHA256(signing secret, <c>v0:{ts}:{raw body}</c>),
/// timestamp within five minutes of now. Runs on the raw bytes, before anything is parsed.
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public SlackSignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return new SlackSignatureInvalid("missing signature headers");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new SlackSignatureInvalid("malformed timestamp");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Window.TotalSeconds)
        {
            return new SlackSignatureInvalid("timestamp outside the five-minute window");
        }

        var secret = SlackSecret.Read(options.Value.SigningSecret, nameof(SlackOptions.SigningSecret));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"v0:{timestamp}:"));
        hmac.AppendData(body);
        var expected = Encoding.ASCII.GetBytes("v0=" + Convert.ToHexStringLower(hmac.GetHashAndReset()));
        var presented = Encoding.UTF8.GetBytes(signature);

        return CryptographicOperations.FixedTimeEquals(expected, presented)
            ? new SlackSignatureValid(seconds, signature)
            : new SlackSignatureInvalid("signature mismatch");
    }
}
