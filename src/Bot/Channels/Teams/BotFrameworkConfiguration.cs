using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Bot Framework OpenID metadata with the signing keys' <c>endorsements</c> (channel ids each key may sign
/// for), read from the same JWKS document as the keys so both are cached and refreshed together.
/// </summary>
internal sealed class BotFrameworkConfiguration(string metadataJson) : OpenIdConnectConfiguration(metadataJson)
{
    /// <summary>kid → channel ids the key is endorsed for. A key with no entry is endorsed for nothing.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements { get; set; } =
        new Dictionary<string, IReadOnlySet<string>>();

    public bool IsEndorsed(string keyId, string channelId) =>
        Endorsements.TryGetValue(keyId, out var channels) && channels.Contains(channelId);

    public bool HasSigningKey(string keyId) =>
        SigningKeys.Any(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));
}
