using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Reads the metadata document, then its <c>jwks_uri</c> once: the signing keys and, which the standard
/// retriever drops, each key's <c>endorsements</c>.
/// </summary>
internal sealed class BotFrameworkConfigurationRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var metadata = await retriever.GetDocumentAsync(address, cancel);
        var configuration = new BotFrameworkConfiguration(metadata);
        if (!TeamsServiceUrlRegistry.IsAcceptableEndpoint(configuration.JwksUri))
        {
            throw new InvalidOperationException("The Bot Framework OpenID metadata has no https jwks_uri.");
        }

        var keys = await retriever.GetDocumentAsync(configuration.JwksUri, cancel);
        configuration.JsonWebKeySet = new JsonWebKeySet(keys);
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        configuration.Endorsements = ReadEndorsements(keys);
        return configuration;
    }

    internal static Dictionary<string, IReadOnlySet<string>> ReadEndorsements(string keysJson)
    {
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(keysJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return endorsements;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !key.TryGetProperty("endorsements", out var channels) || channels.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            endorsements[kid.GetString()!] = channels.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.String)
                .Select(c => c.GetString()!)
                .ToHashSet(StringComparer.Ordinal);
        }

        return endorsements;
    }
}
