using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace MailHa.TestSupport.Teams;

/// <summary>An RSA signing key of the local issuer; <see cref="Endorsements"/> null publishes no endorsements entry.</summary>
public sealed class IssuerKey(string keyId, string[]? endorsements, int material)
{
    public string KeyId { get; } = keyId;

    public string[]? Endorsements { get; } = endorsements;

    public RSA Rsa { get; } = TestKeyMaterial.Get(material);

    public SecurityKey SecurityKey => new RsaSecurityKey(Rsa) { KeyId = KeyId };

    /// <summary>The public key as a JWKS entry, with Bot Framework's <c>endorsements</c> when set.</summary>
    public JsonObject ToJwk()
    {
        var parameters = Rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
        }

        return jwk;
    }
}
