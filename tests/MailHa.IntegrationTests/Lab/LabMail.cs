using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MimeKit;

namespace MailHa.IntegrationTests.Lab;

/// <summary>
/// Mail through the lab's real servers: SMTP into a host's Postfix (its own address or the VIP) and
/// IMAP counts from its Dovecot. Users are the lab's <c>userNN@mail.lab</c> with password <c>lab-userNN</c>.
/// The lab's baseline (<see cref="LabScope"/>) removes the mail they delivered again.
/// </summary>
public static class LabMail
{
    public const string Domain = "mail.lab";

    /// <summary>Sends one message to <paramref name="user"/> through SMTP on <paramref name="address"/>.</summary>
    public static Task SendAsync(string address, string user, string subject, CancellationToken cancellationToken) =>
        SendAsync(address, user, Domain, subject, cancellationToken);

    /// <summary>Sends one message to <paramref name="user"/>@<paramref name="domain"/> (a service's mail domain, <c>a.mail.lab</c>) through SMTP on <paramref name="address"/>.</summary>
    public static async Task SendAsync(string address, string user, string domain, string subject, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress("MailHa tests", $"tests@{domain}"));
        message.To.Add(new MailboxAddress(user, $"{user}@{domain}"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = subject };

        using var smtp = new SmtpClient { Timeout = 5000 };
        await smtp.ConnectAsync(address, 25, MailKit.Security.SecureSocketOptions.None, cancellationToken);
        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>How many messages in the user's INBOX on the IMAP server at <paramref name="address"/> have a subject containing <paramref name="subject"/>.</summary>
    public static async Task<int> CountAsync(string address, string user, string subject, CancellationToken cancellationToken)
    {
        using var imap = new ImapClient { Timeout = 5000 };
        await imap.ConnectAsync(address, 143, MailKit.Security.SecureSocketOptions.None, cancellationToken);
        await imap.AuthenticateAsync(user, $"lab-{user}", cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject), cancellationToken);
        await imap.DisconnectAsync(true, cancellationToken);
        return found.Count;
    }

    /// <summary>The subjects of the messages in the user's INBOX on the IMAP server at <paramref name="address"/> that contain <paramref name="subject"/>.</summary>
    public static async Task<IReadOnlySet<string>> SubjectsAsync(string address, string user, string subject, CancellationToken cancellationToken)
    {
        using var imap = new ImapClient { Timeout = 5000 };
        await imap.ConnectAsync(address, 143, MailKit.Security.SecureSocketOptions.None, cancellationToken);
        await imap.AuthenticateAsync(user, $"lab-{user}", cancellationToken);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject), cancellationToken);
        var summaries = found.Count == 0 ? [] : await imap.Inbox.FetchAsync(found, MessageSummaryItems.Envelope, cancellationToken);
        await imap.DisconnectAsync(true, cancellationToken);
        return summaries.Select(summary => summary.Envelope?.Subject ?? "").ToHashSet();
    }
}
