using System.Globalization;

namespace MailHa.IntegrationTests.Lab;

/// <summary>OpenLDAP's command-line tools, run inside a lab host against its directory (slapd or 389 DS) as the lab's bind DN: writes and reads that bypass MailHa.</summary>
public sealed class LabLdap(LabFixture lab)
{
    private const string ExitMarker = "mailha-exit=";

    private readonly System.Text.Json.Nodes.JsonNode _config = lab.ReadConfig()["MailHa"]!;

    public Task AddValueAsync(string host, string dn, string attribute, string value) =>
        ModifyAsync(host, $"dn: {dn}\nchangetype: modify\nadd: {attribute}\n{attribute}: {value}\n");

    public Task DeleteValueAsync(string host, string dn, string attribute, string value) =>
        ModifyAsync(host, $"dn: {dn}\nchangetype: modify\ndelete: {attribute}\n{attribute}: {value}\n");

    public Task ReplaceAsync(string host, string dn, string attribute, string value) =>
        ModifyAsync(host, $"dn: {dn}\nchangetype: modify\nreplace: {attribute}\n{attribute}: {value}\n");

    /// <summary>Removes every value of the attribute (it must have one).</summary>
    public Task DeleteAttributeAsync(string host, string dn, string attribute) =>
        ModifyAsync(host, $"dn: {dn}\nchangetype: modify\ndelete: {attribute}\n");

    public Task DeleteEntryAsync(string host, string dn) =>
        ModifyAsync(host, $"dn: {dn}\nchangetype: delete\n");

    /// <summary>The attribute's values on <paramref name="host"/>, or null when the entry does not exist there.</summary>
    public async Task<IReadOnlyList<string>?> ReadAsync(string host, string dn, string attribute)
    {
        var output = await lab.ExecAsync(host,
            $"ldapsearch -LLL -o ldif_wrap=no {Connection(host)} -b '{dn}' -s base '(objectClass=*)' {attribute} 2>/dev/null; echo {ExitMarker}$?");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var exit = int.Parse(lines.Last(l => l.StartsWith(ExitMarker, StringComparison.Ordinal))[ExitMarker.Length..], CultureInfo.InvariantCulture);
        return exit switch
        {
            0 => [.. lines.Where(l => l.StartsWith($"{attribute}: ", StringComparison.OrdinalIgnoreCase)).Select(l => l[(attribute.Length + 2)..])],
            32 => null,
            _ => throw new InvalidOperationException($"ldapsearch of {dn} on {host} exited {exit}: {output}"),
        };
    }

    private Task<string> ModifyAsync(string host, string ldif) =>
        lab.ExecAsync(host, $"ldapmodify {Connection(host)} <<'LDIF'\n{ldif}LDIF");

    private string Connection(string host)
    {
        var node = _config["Nodes"]!.AsArray().First(n => n!["Name"]!.GetValue<string>() == host)!;
        var password = _config["Directory"]!["BindPassword"]!.GetValue<string>();
        return $"-x -o nettimeout=3 -H '{node["LdapUrl"]!.GetValue<string>()}' -D '{_config["Directory"]!["BindDn"]!.GetValue<string>()}' -y '{password["file:".Length..]}'";
    }
}
