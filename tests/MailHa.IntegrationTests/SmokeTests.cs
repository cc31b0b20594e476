namespace MailHa.IntegrationTests;

public class SmokeTests
{
    [Fact]
    public void Build_Succeeds_WhenProjectCompiles() => Assert.True(true);
}
