using System.Reflection;
using System.Text.RegularExpressions;
using ZlmHooks.Hooks;
using ZlmHooks.Tests.Support;

namespace ZlmHooks.Tests;

/// <summary>The shape docs/architecture.md describes: a hook kernel that knows no feature, features that
/// depend on each other only where the table below says, and no ambient (AsyncLocal) call state.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Source = Path.Combine(Repo.Root, "ZlmHooks");

    private static readonly string[] Features = ["AccessRules", "Streams", "Servers", "Recordings", "Events", "RecentActivity", "OperatorConsole"];

    /// <summary>Which other parts of the app each folder may use. Features build on the kernel (Hooks)
    /// and on Storage; a feature uses another only where it reads that one's data.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Hooks"] = ["Hosting"],
        ["Storage"] = ["Hooks"],
        ["AccessRules"] = ["Hooks", "Storage"],
        ["Streams"] = ["Hooks", "Storage", "AccessRules"],   // idle and pull rules share the rule table
        ["Servers"] = ["Hooks", "Storage", "Streams", "Deployment"], // RegistryOptions (keepalive ageing); provides IServerLifetimes; onboarding sets HookConfig's [hook] values
        ["Recordings"] = ["Hooks", "Storage"],
        ["Events"] = ["Hooks", "Storage", "Hosting"],
        ["Telemetry"] = ["Hooks", "Storage"],                // the app's one credential
        ["RecentActivity"] = ["Hooks", "Storage"],
        ["OperatorConsole"] = ["Hooks", "Storage", "Servers", "AccessRules", "Recordings"], // play URLs: a server's address and ports, the play rule, the public base URL
    };

    [GeneratedRegex(@"\bZlmHooks\.(?<part>[A-Z]\w*)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])(?<part>AccessRules|Streams|Servers|Recordings|Events|RecentActivity|OperatorConsole|Storage|Cli|Deployment|Telemetry|Hosting|Hooks)\.[A-Z]")]
    private static partial Regex Relative();

    /// <summary>The parts of the app a source file names, by using or qualified name (comments excluded).</summary>
    private static HashSet<string> PartsNamedIn(string file)
    {
        var code = string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        var named = Qualified().Matches(code).Select(m => m.Groups["part"].Value)
            .Concat(Relative().Matches(code).Select(m => m.Groups["part"].Value))
            .Where(p => p is not ("Tests" or "Functions"))
            .ToHashSet();
        return named;
    }

    public static TheoryData<string> Folders() => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_only_the_parts_it_may(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var named = PartsNamedIn(file);
            named.Remove(folder);
            var forbidden = named.Where(p => Directory.Exists(Path.Combine(Source, p)) && !Allowed[folder].Contains(p)).ToList();
            Assert.True(forbidden.Count == 0, $"{Path.GetRelativePath(Source, file)} uses {string.Join(", ", forbidden)}");
        }
    }

    [Fact]
    public void The_kernel_names_no_feature_in_any_type_it_declares()
    {
        var assembly = typeof(Hook).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace == typeof(Hook).Namespace))
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetProperties(all).Select(p => p.PropertyType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
                .Append(type.BaseType)
                .SelectMany(Expand);
            foreach (var t in used)
                Assert.False(Features.Any(f => t.Namespace == $"ZlmHooks.{f}"), $"{type.Name} uses {t.FullName}");
        }
    }

    [Fact]
    public void No_call_state_travels_in_an_AsyncLocal()
    {
        foreach (var type in typeof(Hook).Assembly.GetTypes())
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
                Assert.False(field.FieldType.IsGenericType && field.FieldType.GetGenericTypeDefinition() == typeof(AsyncLocal<>), $"{type.Name}.{field.Name} is an AsyncLocal");
    }

    [Fact]
    public void Every_public_type_has_a_file_of_its_own_named_after_it()
    {
        var types = typeof(Hook).Assembly.GetTypes();
        foreach (var type in types.Where(t => t.IsPublic && t.Namespace?.StartsWith("ZlmHooks", StringComparison.Ordinal) == true))
        {
            // A generic type beside a non-generic one of the same name (Hook, Hook<TRequest, TReply>) is in NameOfT.cs.
            var plain = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
            var name = type.IsGenericType && types.Any(t => t.Namespace == type.Namespace && t.Name == plain) ? plain + "OfT" : plain;
            var folder = type.Namespace == "ZlmHooks" ? Source : Path.Combine(Source, type.Namespace!["ZlmHooks.".Length..]);
            Assert.True(File.Exists(Path.Combine(folder, name + ".cs")), $"{type.FullName} is not in {Path.GetRelativePath(Source, Path.Combine(folder, name + ".cs"))}");
        }
    }

    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null) yield break;
        yield return type;
        if (type.HasElementType)
            foreach (var t in Expand(type.GetElementType())) yield return t;
        if (type.IsGenericType)
            foreach (var t in type.GetGenericArguments().SelectMany(Expand)) yield return t;
    }
}
