using System.Security.Cryptography;

namespace MailHa.TestSupport.Teams;

/// <summary>
/// RSA key pairs generated once per test process (generation is the slow part) and never disposed: IdentityModel
/// caches signature providers process-wide by key material and kid, so a key must outlive every test using it.
/// Index <see cref="Stranger"/> is never published by any issuer.
/// </summary>
public static class TestKeyMaterial
{
    public const int Stranger = 7;

    private static readonly Lazy<RSA>[] Keys =
        [.. Enumerable.Range(0, Stranger + 1).Select(_ => new Lazy<RSA>(() => RSA.Create(2048)))];

    public static RSA Get(int index) => Keys[index].Value;
}
