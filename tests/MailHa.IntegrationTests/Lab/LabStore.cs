namespace MailHa.IntegrationTests.Lab;

/// <summary>The message store inside a lab host (<c>MailHa:Mirror:StorePath</c>), changed the way mail changes it.</summary>
public sealed class LabStore(LabFixture lab)
{
    private readonly string _root = lab.ReadConfig()["MailHa"]!["Mirror"]!["StorePath"]!.GetValue<string>();

    /// <summary>Writes a new message file (owner <c>mail</c>, as delivered) at a path relative to the store.</summary>
    public Task WriteMessageAsync(string host, string relativePath, string subject) =>
        lab.ExecAsync(host,
            $"printf 'From: lab@mail.lab\\nTo: user01@mail.lab\\nSubject: {subject}\\n\\n{subject}\\n' > '{Full(relativePath)}' && chown mail:mail '{Full(relativePath)}'");

    /// <summary>Appends a line, as a flag or header rewrite changes a message file.</summary>
    public Task AppendAsync(string host, string relativePath, string line) =>
        lab.ExecAsync(host, $"printf '%s\\n' '{line}' >> '{Full(relativePath)}'");

    public Task DeleteAsync(string host, params string[] relativePaths) =>
        lab.ExecAsync(host, "rm -f " + string.Join(' ', relativePaths.Select(p => $"'{Full(p)}'")));

    public async Task<bool> ExistsAsync(string host, string relativePath) =>
        (await lab.ExecAsync(host, $"if [ -f '{Full(relativePath)}' ]; then echo yes; else echo no; fi")).Trim() == "yes";

    public async Task<string> ReadAsync(string host, string relativePath) =>
        await lab.ExecAsync(host, $"cat '{Full(relativePath)}'");

    /// <summary>Regular files in the store, the sentinel included (what the mirror's own count sees).</summary>
    public async Task<int> CountFilesAsync(string host) =>
        int.Parse((await lab.ExecAsync(host, $"find '{_root}' -type f | wc -l")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a shell command in the store's directory.</summary>
    public Task<string> InStoreAsync(string host, string script) => lab.ExecAsync(host, $"cd '{_root}' && {script}");

    private string Full(string relativePath) => $"{_root}/{relativePath}";
}
