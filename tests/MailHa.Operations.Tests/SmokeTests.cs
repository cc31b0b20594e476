namespace MailHa.Operations.Tests;

public class SmokeTests
{
    [Fact]
    public void Build_Succeeds_WhenProjectCompiles() => Assert.True(true);
}
