using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Ldap;

internal static class LdapTestOptions
{
    public static readonly NodeName Mail1 = new("jt-mail1");
    public static readonly NodeName Mail2 = new("jt-mail2");

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
