using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ZlmHooks.Tests.Support.FunctionsHost;

/// <summary>The host's HTTP routing for the loaded functions: each httpTrigger's route template (the function
/// name when it has none) under host.json's route prefix, matched case-insensitively with its inline
/// constraints, most specific template first (ASP.NET Core's inbound precedence), and its methods (none listed
/// = any). A path that matches with the wrong method finds nothing, as in the host: 404.</summary>
internal sealed class HttpRouteTable
{
    private readonly List<Entry> _entries;
    private readonly IInlineConstraintResolver _constraints;

    public HttpRouteTable(IEnumerable<FunctionInfo> functions, string routePrefix, IInlineConstraintResolver constraints)
    {
        _constraints = constraints;
        _entries = [];
        foreach (var function in functions)
        {
            if (function.Trigger is not { } trigger
                || !trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
                continue;
            var route = string.IsNullOrWhiteSpace(trigger.Route) ? function.Name : trigger.Route.TrimStart('/');
            if (routePrefix.Trim('/') is { Length: > 0 } prefix) route = prefix + "/" + route;
            var template = TemplateParser.Parse(route);
            var defaults = new RouteValueDictionary();
            foreach (var parameter in template.Parameters)
                if (parameter.DefaultValue is not null)
                    defaults[parameter.Name!] = parameter.DefaultValue;
            _entries.Add(new Entry(function, trigger, template, new TemplateMatcher(template, defaults),
                RoutePrecedence.ComputeInbound(template)));
        }
        _entries.Sort((a, b) => a.Precedence.CompareTo(b.Precedence));
    }

    public (FunctionInfo Function, FunctionBinding Trigger, RouteValueDictionary Values)? Match(HttpContext context)
    {
        foreach (var entry in _entries)
        {
            var values = new RouteValueDictionary();
            if (!entry.Matcher.TryMatch(context.Request.Path, values)) continue;
            if (entry.Trigger.Methods.Count > 0
                && !entry.Trigger.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
                continue;
            if (!ConstraintsHold(entry.Template, context, values)) continue;
            return (entry.Function, entry.Trigger, values);
        }
        return null;
    }

    private bool ConstraintsHold(RouteTemplate template, HttpContext context, RouteValueDictionary values)
    {
        foreach (var parameter in template.Parameters)
        {
            if (parameter.IsOptional && !values.ContainsKey(parameter.Name!)) continue;
            foreach (var inline in parameter.InlineConstraints)
            {
                var constraint = _constraints.ResolveConstraint(inline.Constraint);
                if (constraint is not null
                    && !constraint.Match(context, null, parameter.Name!, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }

    private sealed record Entry(
        FunctionInfo Function,
        FunctionBinding Trigger,
        RouteTemplate Template,
        TemplateMatcher Matcher,
        decimal Precedence);
}
