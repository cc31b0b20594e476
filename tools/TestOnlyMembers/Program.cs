using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

// Usage: TestOnlyMembers --src A.dll [--src B.dll …] --test T.dll [--test U.dll …] [--other O.dll …] [--unused]
// Lists the members of the --src assemblies (methods and computed property getters, public or internal) that the
// --test assemblies call and no --src or --other assembly does. Exit 1 if there is one. See tools/test-only-members.
var sources = new List<string>();
var tests = new List<string>();
var others = new List<string>();
var showUnused = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--src" when i + 1 < args.Length:
            sources.Add(args[++i]);
            break;
        case "--test" when i + 1 < args.Length:
            tests.Add(args[++i]);
            break;
        case "--other" when i + 1 < args.Length:
            others.Add(args[++i]);
            break;
        case "--unused":
            showUnused = true;
            break;
        default:
            await Console.Error.WriteLineAsync($"test-only-members: unexpected argument '{args[i]}'.");
            return 2;
    }
}

if (sources.Count == 0 || tests.Count == 0)
{
    await Console.Error.WriteLineAsync("test-only-members: give at least one --src and one --test assembly.");
    return 2;
}

var candidates = new Dictionary<MemberKey, string>();
foreach (var path in sources)
{
    using var assembly = new AssemblyFile(path);
    foreach (var (key, origin) in assembly.Candidates())
    {
        candidates.TryAdd(key, origin);
    }
}

var usedBySource = new HashSet<MemberKey>();
foreach (var path in sources.Concat(others))
{
    using var assembly = new AssemblyFile(path);
    usedBySource.UnionWith(assembly.References());
}

var usedByTests = new Dictionary<MemberKey, string>();
foreach (var path in tests)
{
    using var assembly = new AssemblyFile(path);
    foreach (var key in assembly.References())
    {
        usedByTests.TryAdd(key, Path.GetFileNameWithoutExtension(path));
    }
}

var testOnly = candidates.Keys.Where(k => usedByTests.ContainsKey(k) && !usedBySource.Contains(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal).ToList();
foreach (var key in testOnly)
{
    Console.WriteLine($"test-only: {key}  ({candidates[key]}; called from {usedByTests[key]})");
}

if (showUnused)
{
    foreach (var key in candidates.Keys.Where(k => !usedByTests.ContainsKey(k) && !usedBySource.Contains(k)).OrderBy(k => k.ToString(), StringComparer.Ordinal))
    {
        Console.WriteLine($"unused: {key}  ({candidates[key]})");
    }
}

Console.WriteLine(testOnly.Count == 0
    ? $"no test-only member among {candidates.Count} members of {sources.Count} assemblies"
    : $"{testOnly.Count} test-only members");
return testOnly.Count == 0 ? 0 : 1;

/// <summary>A member as the IL names it across assemblies: declaring type, name, parameter and generic counts.</summary>
internal sealed record MemberKey(string Type, string Name, int Parameters, int GenericParameters)
{
    public override string ToString() => Parameters < 0
        ? $"{Type}.{Name}"
        : $"{Type}.{Name}{(GenericParameters > 0 ? $"<{new string(',', GenericParameters - 1)}>" : "")}({Parameters.ToString(CultureInfo.InvariantCulture)} args)";
}

/// <summary>One compiled assembly: the members it defines that could be test-only, and every member its IL uses.</summary>
internal sealed class AssemblyFile : IDisposable
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    // Written by the compiler for records and anonymous types, or called by the runtime, never by name.
    private static readonly HashSet<string> Synthesized = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "Main", "Dispose", "DisposeAsync",
    };

    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;
    private readonly string _name;

    public AssemblyFile(string path)
    {
        _pe = new PEReader(File.OpenRead(path));
        _metadata = _pe.GetMetadataReader();
        _name = Path.GetFileNameWithoutExtension(path);
    }

    public void Dispose() => _pe.Dispose();

    /// <summary>Public or internal methods a caller names: not virtual (interface or override), not synthesized, not accessors but computed getters.</summary>
    public IEnumerable<(MemberKey Key, string Origin)> Candidates()
    {
        foreach (var typeHandle in _metadata.TypeDefinitions)
        {
            var type = _metadata.GetTypeDefinition(typeHandle);
            var typeName = TypeName(typeHandle);
            if (typeName.Contains('<', StringComparison.Ordinal) || IsCompilerGenerated(type.GetCustomAttributes()))
            {
                continue;
            }

            var fields = type.GetFields().Select(f => _metadata.GetString(_metadata.GetFieldDefinition(f).Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = _metadata.GetMethodDefinition(methodHandle);
                var name = _metadata.GetString(method.Name);
                var access = method.Attributes & MethodAttributes.MemberAccessMask;
                if (access is MethodAttributes.Private or MethodAttributes.PrivateScope
                    || (method.Attributes & MethodAttributes.Virtual) != 0
                    || (method.Attributes & MethodAttributes.SpecialName) != 0 && !name.StartsWith("get_", StringComparison.Ordinal)
                    || name.Contains('<', StringComparison.Ordinal) || name.Contains('$', StringComparison.Ordinal)
                    || Synthesized.Contains(name)
                    || IsCompilerGenerated(method.GetCustomAttributes())
                    || name.StartsWith("get_", StringComparison.Ordinal) && fields.Contains($"<{name[4..]}>k__BackingField"))
                {
                    continue;
                }

                yield return (Key(methodHandle), _name);
            }
        }
    }

    /// <summary>Every method and field the IL of this assembly calls, loads, stores or takes the address of.</summary>
    public IEnumerable<MemberKey> References()
    {
        var found = new HashSet<MemberKey>();
        foreach (var methodHandle in _metadata.MethodDefinitions)
        {
            var method = _metadata.GetMethodDefinition(methodHandle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var self = Key(methodHandle);
            var il = _pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
            while (il.RemainingBytes > 0)
            {
                var value = (short)il.ReadByte();
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                if (!Operands.TryGetValue(value, out var operand))
                {
                    throw new InvalidOperationException($"{_name}: {self}: unknown opcode {value:X} at {il.Offset - 1}");
                }

                switch (operand)
                {
                    case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                        if (Member(MetadataTokens.EntityHandle(il.ReadInt32())) is { } key && key != self)
                        {
                            found.Add(key);
                        }

                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    default:
                        il.Offset += Size(operand);
                        break;
                }
            }
        }

        return found;
    }

    private static int Size(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private MemberKey? Member(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return Key((MethodDefinitionHandle)handle);
            case HandleKind.FieldDefinition:
                var field = _metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                return new MemberKey(TypeName(field.GetDeclaringType()), _metadata.GetString(field.Name), -1, 0);
            case HandleKind.MethodSpecification:
                return Member(_metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var reference = _metadata.GetMemberReference((MemberReferenceHandle)handle);
                var parent = ParentName(reference.Parent);
                var name = _metadata.GetString(reference.Name);
                if (reference.GetKind() == MemberReferenceKind.Field)
                {
                    return new MemberKey(parent, name, -1, 0);
                }

                var signature = reference.DecodeMethodSignature(Names.Instance, null);
                return new MemberKey(parent, name, signature.RequiredParameterCount, signature.GenericParameterCount);
            default:
                return null;
        }
    }

    private MemberKey Key(MethodDefinitionHandle handle)
    {
        var method = _metadata.GetMethodDefinition(handle);
        var signature = method.DecodeSignature(Names.Instance, null);
        return new MemberKey(TypeName(method.GetDeclaringType()), _metadata.GetString(method.Name), signature.RequiredParameterCount, signature.GenericParameterCount);
    }

    private string ParentName(EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeDefinition => TypeName((TypeDefinitionHandle)parent),
        HandleKind.TypeReference => Names.Reference(_metadata, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => _metadata.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(Names.Instance, null),
        _ => "?",
    };

    private string TypeName(TypeDefinitionHandle handle) => Names.Definition(_metadata, handle);

    private bool IsCompilerGenerated(CustomAttributeHandleCollection attributes) => attributes.Any(a =>
    {
        var constructor = _metadata.GetCustomAttribute(a).Constructor;
        var type = constructor.Kind == HandleKind.MemberReference ? _metadata.GetMemberReference((MemberReferenceHandle)constructor).Parent : default;
        return type.Kind == HandleKind.TypeReference && Names.Reference(_metadata, (TypeReferenceHandle)type) == "System.Runtime.CompilerServices.CompilerGeneratedAttribute";
    });
}

/// <summary>Type names as the same string from any assembly: namespace.Outer/Inner, generic arguments dropped.</summary>
internal sealed class Names : ISignatureTypeProvider<string, object?>
{
    public static readonly Names Instance = new();

    public static string Definition(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var name = metadata.GetString(type.Name);
        return type.GetDeclaringType() is { IsNil: false } outer
            ? $"{Definition(metadata, outer)}/{name}"
            : Qualified(metadata.GetString(type.Namespace), name);
    }

    public static string Reference(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{Reference(metadata, (TypeReferenceHandle)type.ResolutionScope)}/{name}"
            : Qualified(metadata.GetString(type.Namespace), name);
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Definition(reader, handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Reference(reader, handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[]";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index.ToString(CultureInfo.InvariantCulture);

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index.ToString(CultureInfo.InvariantCulture);

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
}
