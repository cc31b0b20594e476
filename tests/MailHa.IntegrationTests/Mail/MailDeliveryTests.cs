using MailHa.IntegrationTests.Lab;
using MailKit.Net.Smtp;

namespace MailHa.IntegrationTests.Mail;

/// <summary>The lab's real mail: Postfix on the VIP delivers into the store's Maildirs, Dovecot serves them.</summary>
[Collection(LabCollection.Name)]
public sealed class MailDeliveryTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_IsDeliveredIntoTheHoldersStoreAndImap_WhenSentToTheVip()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var store = new LabStore(lab);
        var subject = $"delivery {Guid.NewGuid():N}";
        var before = await store.CountFilesAsync("mail1");

        await LabMail.SendAsync(scope.VipAddress, "user03", subject, Token);

        Assert.True(
            await Eventually.TrueAsync(async () => await LabMail.CountAsync(scope.ServiceAddress("mail1"), "user03", subject, Token) == 1, TimeSpan.FromSeconds(20), Token),
            "the message never showed up in user03's INBOX over IMAP on mail1");
        // One new file in user03's INBOX Maildir, nothing on the standby until the mirror runs.
        Assert.Equal(before + 1, await store.CountFilesAsync("mail1"));
        Assert.Equal("1", (await store.InStoreAsync("mail1", $"grep -rl '{subject}' user03/INBOX/new user03/INBOX/cur | wc -l")).Trim());
        Assert.Equal(0, await LabMail.CountAsync(scope.ServiceAddress("mail2"), "user03", subject, Token));
    }

    [Fact]
    public async Task SendAsync_IsRefused_WhenTheRecipientIsOutsideTheLab()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendOutsideAsync(scope.VipAddress));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
    }

    private static async Task SendOutsideAsync(string vip)
    {
        using var message = new MimeKit.MimeMessage();
        message.From.Add(new MimeKit.MailboxAddress("MailHa tests", $"tests@{LabMail.Domain}"));
        message.To.Add(new MimeKit.MailboxAddress("outside", "someone@example.org"));
        message.Subject = "must not leave the lab";
        message.Body = new MimeKit.TextPart("plain") { Text = "relay test" };
        using var smtp = new SmtpClient { Timeout = 5000 };
        await smtp.ConnectAsync(vip, 25, MailKit.Security.SecureSocketOptions.None, Token);
        await smtp.SendAsync(message, Token);
    }
}
