using MailHa.Operations.Ldap;

namespace MailHa.Operations.Tests.Ldap;

public sealed class DirectoryOptionsValidatorTests : IDisposable
{
    private readonly string _secretFile = Path.GetTempFileName();

    public DirectoryOptionsValidatorTests() => File.WriteAllText(_secretFile, "s3cret-not-for-logs\n");

    public void Dispose() => File.Delete(_secretFile);

    [Fact]
    public void Validate_Succeeds_WhenOptionsAreTheSeedDesign()
    {
        var result = Validate(Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_Fails_WhenNoReplicatedSuffix()
    {
        var options = Valid();
        options.ReplicatedSuffixes = [];

        Assert.Contains("MailHa:Directory:ReplicatedSuffixes", Validate(options).FailureMessage);
    }

    [Fact]
    public void Validate_Fails_WhenASuffixIsInBothLists_ComparingDnsNotStrings()
    {
        var options = Valid();
        options.NonReplicatedSuffixes = ["o=comms-config", "O = PAB"];

        var message = Validate(options).FailureMessage;

        Assert.Contains("MailHa:Directory:NonReplicatedSuffixes:1", message);
        Assert.Contains("'O = PAB'", message);
    }

    [Theory]
    [InlineData("cn=mailha-canary,o=comms-config")]
    [InlineData("cn=mailha-canary,dc=dnmc,dc=com,dc=cn")]
    [InlineData("cn=mailha-canary,o=elsewhere")]
    [InlineData("cn=mailha-canary,ou=local,o=internet")]
    public void Validate_Fails_WhenCanaryIsNotUnderAReplicatedSuffix(string canary)
    {
        var options = Valid();
        options.NonReplicatedSuffixes.Add("ou=local,o=internet");
        options.CanaryDn = canary;

        var message = Validate(options).FailureMessage;

        Assert.Contains("MailHa:Directory:CanaryDn", message);
        Assert.Contains("must be under a replicated suffix", message);
    }

    [Fact]
    public void Validate_Fails_WhenCanaryIsTheSuffixItself()
    {
        var options = Valid();
        options.CanaryDn = "o=usergroup";

        Assert.Contains("MailHa:Directory:CanaryDn", Validate(options).FailureMessage);
    }

    [Fact]
    public void Validate_Fails_WhenCanaryIsNotNamedByCn()
    {
        var options = Valid();
        options.CanaryDn = "uid=mailha-canary,o=usergroup";

        Assert.Contains("must be named by cn", Validate(options).FailureMessage);
    }

    [Fact]
    public void Validate_Succeeds_WhenCanaryDnDiffersInCaseAndSpacing()
    {
        var options = Valid();
        options.CanaryDn = "CN=mailha-canary, O=UserGroup";

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_Fails_WhenBindPasswordIsTheSecretItself()
    {
        var options = Valid();
        options.BindPassword = "s3cret-not-for-logs";

        var message = Validate(options).FailureMessage;

        Assert.Contains("MailHa:Directory:BindPassword", message);
        Assert.DoesNotContain("s3cret-not-for-logs", message);
    }

    [Fact]
    public void Validate_Fails_WhenBindPasswordSecretDoesNotResolve()
    {
        var options = Valid();
        options.BindPassword = "file:/nonexistent/mailha/ldap.pass";

        Assert.Contains("MailHa:Directory:BindPassword: the secret at file:/nonexistent/mailha/ldap.pass is missing", Validate(options).FailureMessage);
    }

    private DirectoryOptions Valid()
    {
        var options = LdapTestOptions.Directory(DirectoryKind.SunOne);
        options.BindPassword = "file:" + _secretFile;
        return options;
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(DirectoryOptions options) =>
        new DirectoryOptionsValidator().Validate(null, options);
}
