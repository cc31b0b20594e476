using MailHa.Operations.Ldap;

namespace MailHa.Operations.Tests.Ldap;

public class DistinguishedNamesTests
{
    [Theory]
    [InlineData("cn=mailha-canary,o=usergroup", "o=usergroup", true)]
    [InlineData("CN=MailHa-Canary , O=UserGroup", "o=usergroup", true)]
    [InlineData("cn=a\\,b,o=usergroup", "o=usergroup", true)]
    [InlineData("cn=mailha-canary,o=usergroup", "o=pab", false)]
    [InlineData("cn=x,dc=dnmc,dc=com,dc=cn", "dc=com,dc=cn", true)]
    [InlineData("o=usergroup", "cn=mailha-canary,o=usergroup", false)]
    public void IsWithin_ComparesRdnsCaseInsensitively(string dn, string suffix, bool within)
    {
        Assert.True(DistinguishedNames.TryParse(dn, out var d));
        Assert.True(DistinguishedNames.TryParse(suffix, out var s));

        Assert.Equal(within, DistinguishedNames.IsWithin(d, s));
    }

    [Theory]
    [InlineData("")]
    [InlineData("usergroup")]
    [InlineData("cn=,o=usergroup")]
    [InlineData("=x,o=usergroup")]
    public void TryParse_Refuses_WhenNotADn(string dn) => Assert.False(DistinguishedNames.TryParse(dn, out _));

    [Fact]
    public void TryGetLeaf_UnescapesTheValue()
    {
        Assert.True(DistinguishedNames.TryGetLeaf("cn=mailha\\2c canary\\, two,o=usergroup", out var type, out var value));

        Assert.Equal("cn", type);
        Assert.Equal("mailha, canary, two", value);
    }
}
