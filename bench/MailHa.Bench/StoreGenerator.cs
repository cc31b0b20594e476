using System.Text;

namespace MailHa.Bench;

/// <summary>
/// The bench's message stores: <c>folders</c> folders of <c>perFolder</c> RFC 822-shaped text messages each, seeded by
/// folder (the same arguments, the same bytes). The mirror stage's 100,000-file store and the continuous stage's big store.
/// </summary>
internal static class StoreGenerator
{
    private static readonly string[] Words =
        ["the", "mail", "server", "queue", "message", "delivery", "account", "meeting", "report", "quarter", "please", "review",
         "attached", "thanks", "regards", "schedule", "budget", "project", "update", "customer", "invoice", "order", "status",
         "tomorrow", "monday", "office", "network", "backup", "mirror", "standby", "primary", "directory", "password", "team"];

    /// <summary>Writes the store under <paramref name="root"/> (<c>fNNNN/mNNN.msg</c>); returns every file's path and the bytes written.</summary>
    public static (string[] Files, long Bytes) Generate(string root, int folders, int perFolder)
    {
        var names = new string[folders * perFolder];
        long bytes = 0;
        Parallel.For(0, folders, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            var random = new Random(f);
            var dir = Path.Combine(root, $"f{f:0000}");
            Directory.CreateDirectory(dir);
            long local = 0;
            for (var m = 0; m < perFolder; m++)
            {
                var path = Path.Combine(dir, $"m{m:000}.msg");
                var content = Message(random, $"{f}.{m}");
                File.WriteAllBytes(path, content);
                names[(f * perFolder) + m] = path;
                local += content.Length;
            }

            Interlocked.Add(ref bytes, local);
        });
        return (names, bytes);
    }

    /// <summary>An RFC 822-shaped text message of 1-20 KB (median about 3 KB), compressible like real mail text.</summary>
    public static byte[] Message(Random random, string id)
    {
        var size = (int)Math.Min(20_000, 1000 + (-Math.Log(1 - random.NextDouble()) * 2800));
        var text = new StringBuilder(size + 200);
        text.Append("Return-Path: <sender@example.lab>\nFrom: Sender <sender@example.lab>\nTo: user@mail.lab\n")
            .Append("Message-ID: <").Append(id).Append('.').Append(random.Next()).Append("@mail.lab>\n")
            .Append("Subject: ").Append(Words[random.Next(Words.Length)]).Append(' ').Append(Words[random.Next(Words.Length)]).Append("\n\n");
        while (text.Length < size)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? ".\n" : " ");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
