namespace MailHa.Bot.Tests.NodePackages;

/// <summary>
/// A test-support folder of npm packages in this checkout (<c>tests/NAME</c>: package.json and the package-lock.json
/// that pins them), installed by <c>.ci/install-deps</c> with <c>npm ci</c>.
/// </summary>
public static class NodePackageFolder
{
    /// <summary>tests/<paramref name="name"/> above this test assembly.</summary>
    public static string Find(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", name);
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Skips the calling test when <paramref name="installed"/> (a file npm ci puts in tests/<paramref name="name"/>) is missing; fails under CI=true instead.</summary>
    public static void Require(string name, string installed)
    {
        if (File.Exists(installed))
        {
            return;
        }

        var reason = $"{installed} is missing: run .ci/install-deps (npm ci in tests/{name})";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }
}
