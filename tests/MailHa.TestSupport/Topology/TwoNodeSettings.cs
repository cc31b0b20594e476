namespace MailHa.TestSupport.Topology;

/// <summary>
/// The two-node lab topology as configuration (mail1 primary, mail2 standby, the VIP, the directory), with a fake
/// key and a directory password file written under <c>directory</c>. Shared by the Operations and Bot test
/// harnesses (linked into the Bot tests), which add only what is theirs.
/// </summary>
public static class TwoNodeSettings
{
    public static Dictionary<string, string?> Create(string directory)
    {
        var key = Path.Combine(directory, "id_ed25519");
        File.WriteAllText(key, "not a key: the SSH port is faked");
        var secret = Path.Combine(directory, "ldap.pass");
        File.WriteAllText(secret, "secret");
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Storage:DatabasePath"] = Path.Combine(directory, "mailha.db"),
            ["MailHa:Vip:Address"] = "198.18.15.10",
            ["MailHa:Vip:Interface"] = "eth0",
            ["MailHa:Vip:Label"] = "eth0:mail",
            ["MailHa:Directory:BindDn"] = "cn=Directory Manager,o=internet",
            ["MailHa:Directory:BindPassword"] = $"file:{secret}",
            ["MailHa:Directory:ReplicatedSuffixes:0"] = "o=internet",
            ["MailHa:Directory:NonReplicatedSuffixes:0"] = "o=comms-config",
            ["MailHa:Directory:CanaryDn"] = "cn=mailha-canary,o=internet",
        };
        for (var i = 0; i < 2; i++)
        {
            var n = i + 1;
            settings[$"MailHa:Nodes:{i}:Name"] = $"mail{n}";
            settings[$"MailHa:Nodes:{i}:Role"] = i == 0 ? "Primary" : "Standby";
            settings[$"MailHa:Nodes:{i}:Host"] = $"198.18.15.{n}";
            settings[$"MailHa:Nodes:{i}:KeyPath"] = key;
            settings[$"MailHa:Nodes:{i}:HostKeyFingerprint"] = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            settings[$"MailHa:Nodes:{i}:ServiceAddress"] = $"198.18.15.{n}";
            settings[$"MailHa:Nodes:{i}:MirrorAddress"] = $"198.18.16.{n}";
            settings[$"MailHa:Nodes:{i}:LdapUrl"] = $"ldap://198.18.15.{n}:389";
        }

        return settings;
    }
}
