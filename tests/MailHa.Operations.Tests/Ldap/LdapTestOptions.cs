using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Ldap;

internal static class LdapTestOptions
{
    public static readonly NodeName Mail1 = new("jt-mail1");
    public static readonly NodeName Mail2 = new("jt-mail2");
    public static readonly NodeName Mail3 = new("jt-mail3");

    public static readonly string[] Replicated = ["o=internet", "o=pab", "o=usergroup"];
    public static readonly string[] OwnSuffixes = ["dc=dnmc,dc=com,dc=cn", "o=comms-config", "o=NetscapeRoot"];

    public const string CanaryDn = "cn=mailha-canary,o=usergroup";

    public static MailTopology TestTopology() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes =
            [
                new NodeOptions { Name = Mail1.Value, Role = NodeRole.Primary, LdapUrl = "ldap://198.18.15.1:389" },
                new NodeOptions { Name = Mail2.Value, Role = NodeRole.Standby, LdapUrl = "ldap://198.18.15.2:389" },
            ],
            Vip = new VipOptions { Address = "198.18.15.10" },
        },
        new MirrorOptions());

    /// <summary>
    /// Nodes jt-mail1..jt-mailN (service address and LDAP URL 198.18.15.N) and one service per list of node numbers, named
    /// a, b, ...: <c>Services([1, 3], [2, 3])</c> is N+1, <c>Services([1, 2], [2, 1])</c> symmetric.
    /// </summary>
    public static MailTopology Services(params int[][] services)
    {
        var count = services.SelectMany(s => s).Max();
        return TopologyResolver.Resolve(
            new TopologyOptions
            {
                Nodes = [.. Enumerable.Range(1, count).Select(n => new NodeOptions { Name = $"jt-mail{n}", ServiceAddress = $"198.18.15.{n}", LdapUrl = $"ldap://198.18.15.{n}:389" })],
                Services = [.. services.Select((list, i) => new ServiceOptions
                {
                    Name = ((char)('a' + i)).ToString(),
                    Nodes = [.. list.Select(n => $"jt-mail{n}")],
                    Vip = new VipOptions { Address = $"198.18.15.{10 + i}", Interface = "eth0", Label = $"eth0:{i}" },
                    Mirror = new() { ["Module"] = $"m{i}", ["StorePath"] = $"/srv/{i}", ["StateFile"] = $"/var/lib/mailha/roles-{i}" },
                })],
            },
            new MirrorOptions());
    }

    public static DirectoryOptions Directory(DirectoryKind kind = DirectoryKind.OpenLdap) => new()
    {
        Kind = kind,
        BindDn = "cn=Directory Manager",
        BindPassword = "env:MAILHA_TEST_UNUSED",
        ReplicatedSuffixes = [.. Replicated],
        NonReplicatedSuffixes = [.. OwnSuffixes],
        CanaryDn = CanaryDn,
        Timeout = TimeSpan.FromSeconds(5),
        ConvergenceTimeout = TimeSpan.FromSeconds(15),
        ProbePollInterval = TimeSpan.FromMilliseconds(250),
        LagTolerance = TimeSpan.FromSeconds(5),
    };
}
