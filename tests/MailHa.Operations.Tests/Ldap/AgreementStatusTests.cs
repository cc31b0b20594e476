using MailHa.Operations.Ldap;

namespace MailHa.Operations.Tests.Ldap;

public class AgreementStatusTests
{
    [Theory]
    [InlineData("0 Replica acquired successfully: Incremental update succeeded", 0)]
    [InlineData("Error (0) Replica acquired successfully: Incremental update succeeded", 0)]
    [InlineData("0 Replication session successful", 0)]
    [InlineData("0 Total update succeeded", 0)]
    [InlineData("0", 0)]
    public void Parse_IsSucceeded_WhenCodeIsZero(string status, int code)
    {
        var parsed = AgreementStatus.Parse(status);

        Assert.Equal(AgreementCondition.Succeeded, parsed.Condition);
        Assert.Equal(code, parsed.Code);
        Assert.False(parsed.IsError);
    }

    [Theory]
    [InlineData("1 Can't acquire busy replica")]
    [InlineData("Error (1) Can't acquire busy replica, will retry")]
    [InlineData("1 Replication error acquiring replica: replica busy")]
    [InlineData("Error (1) Replication error acquiring replica: Unable to acquire replica: the replica is currently being updated by another supplier.")]
    public void Parse_IsBusyAndNotAnError_WhenReplicaBusy(string status)
    {
        var parsed = AgreementStatus.Parse(status);

        Assert.Equal(AgreementCondition.Busy, parsed.Condition);
        Assert.False(parsed.IsError);
    }

    [Theory]
    [InlineData("-1 Incremental update aborted: total update required")]
    [InlineData("Total update required")]
    [InlineData("1 Replica requires a total update")]
    [InlineData("Error (19) Replication error acquiring replica: Replica has different database generation ID, remote replica may need to be initialized (RUV error)")]
    [InlineData("Error (11) Replication error acquiring replica: Replica has no update vector. It has never been initialized. (RUV error)")]
    [InlineData("8 Replication error acquiring replica: csn below purge point")]
    public void Parse_IsTotalUpdateRequired_WhenConsumerMustBeReinitialised(string status)
    {
        var parsed = AgreementStatus.Parse(status);

        Assert.Equal(AgreementCondition.TotalUpdateRequired, parsed.Condition);
        Assert.True(parsed.IsError);
    }

    [Theory]
    [InlineData("Error (-1) Problem connecting to replica - LDAP error: Can't contact LDAP server (connection error)", -1)]
    [InlineData("Error (-1) Can't acquire replica (Incremental update connection error). Will retry later.", -1)]
    [InlineData("81 - LDAP error: Can't contact LDAP server", 81)]
    [InlineData("Error (18) Replication error acquiring replica: Incremental update transient error.  Backing off, will retry update later. (transient error)", 18)]
    public void Parse_IsRetrying_WhenSupplierCannotReachItsConsumerAndBacksOff(string status, int code)
    {
        var parsed = AgreementStatus.Parse(status);

        Assert.Equal(AgreementCondition.Retrying, parsed.Condition);
        Assert.Equal(code, parsed.Code);
        Assert.True(parsed.IsError);
    }

    [Theory]
    [InlineData("-1 Incremental update has failed and requires administrator action", -1)]
    [InlineData("49 Replication error acquiring replica: permission denied - LDAP error: Invalid credentials", 49)]
    [InlineData("Error (49) Problem connecting to replica - LDAP error: Invalid credentials (connection error)", 49)]
    public void Parse_IsFailedWithText_WhenCodeIsOtherNonZero(string status, int code)
    {
        var parsed = AgreementStatus.Parse(status);

        Assert.Equal(AgreementCondition.Failed, parsed.Condition);
        Assert.Equal(code, parsed.Code);
        Assert.Equal(status, parsed.Text);
        Assert.True(parsed.IsError);
    }

    [Fact]
    public void Parse_IsIdle_WhenNoSessionStartedYet()
    {
        var parsed = AgreementStatus.Parse("0 No replication sessions started since server startup");

        Assert.Equal(AgreementCondition.Idle, parsed.Condition);
        Assert.False(parsed.IsError);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_IsUnknown_WhenThereIsNoStatus(string? status) =>
        Assert.Equal(AgreementCondition.Unknown, AgreementStatus.Parse(status).Condition);

    [Fact]
    public void Parse_ReadsLastUpdateEndAndInProgress()
    {
        var parsed = AgreementStatus.Parse("0 Replica acquired successfully: Incremental update succeeded", "20261125163012Z", "TRUE");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 16, 30, 12, TimeSpan.Zero), parsed.LastUpdateEnd);
        Assert.True(parsed.UpdateInProgress);
    }

    [Fact]
    public void Parse_HasNoLastUpdateEnd_WhenServerSaysZero()
    {
        var parsed = AgreementStatus.Parse("0 No replication sessions started since server startup", "0", "FALSE");

        Assert.Null(parsed.LastUpdateEnd);
        Assert.False(parsed.UpdateInProgress);
    }
}
