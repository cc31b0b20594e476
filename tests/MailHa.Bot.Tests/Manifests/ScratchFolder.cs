namespace MailHa.Bot.Tests.Manifests;

/// <summary>A temp folder for one test, deleted with everything in it.</summary>
public sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mailha-manifest-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public IReadOnlyList<string> Files() => Directory.GetFileSystemEntries(Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
