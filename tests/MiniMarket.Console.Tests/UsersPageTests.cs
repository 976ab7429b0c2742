using Microsoft.AspNetCore.Identity;
using MiniMarket.Console.Components.Pages.Users;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MudBlazor;

namespace MiniMarket.Console.Tests;

/// <summary>Usuarios: the list, creating, roles, lock-out, passwords, and the guards on the last admin.</summary>
public sealed class UsersPageTests : BusinessPagesTestsBase
{
    private void AdminAndEncargado(bool secondAdmin = false)
    {
        SignInAs(Roles.Admin);
        UsersFake.People.Add(new UserSummary("u1", "admin", "Administración", [Roles.Admin], null, 0));
        UsersFake.People.Add(new UserSummary("u2", "encargado", "Ana", [Roles.Encargado], null, 0));
        if (secondAdmin) UsersFake.People.Add(new UserSummary("u3", "dueño", null, [Roles.Admin], null, 0));
    }

    /// <summary>The text of the form control (input, label, helper/error text) holding the field.</summary>
    private static string FieldOf(IRenderedComponent<MudDialogProvider> dialog, string field)
    {
        var element = dialog.Find($"[data-field={field}]");
        while (element is not null && !element.ClassList.Contains("mud-input-control")) element = element.ParentElement;
        return element?.TextContent ?? "";
    }

    [Fact]
    public void Users_ListsRolesAndLockOut()
    {
        AdminAndEncargado();
        UsersFake.People.Add(new UserSummary("u4", "guardia", null, [Roles.Guardia], DateTimeOffset.MaxValue, 0));

        var page = Context.Open<Users>("usuarios");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=users] tbody tr").Count));
        var rows = page.FindAll("[data-testid=users] tbody tr");
        Assert.Contains("admin", rows[0].QuerySelector("[data-testid=user-roles]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=unlock-user][data-user=guardia]"));
        Assert.Single(page.FindAll("[data-testid=lock-user][data-user=encargado]"));
    }

    [Fact]
    public void CreateUser_IdentityRefusals_AreShownNextToTheirFields()
    {
        AdminAndEncargado();
        var options = new IdentityOptions();
        options.Password.RequiredLength = 12;
        UsersFake.CreateAnswer = _ => UserAdministration.FromIdentity(IdentityResult.Failed(
            new IdentityError { Code = "DuplicateUserName", Description = "Username 'encargado' is already taken." },
            new IdentityError { Code = "PasswordTooShort", Description = "Passwords must be at least 12 characters." }), options);
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));
        page.Find("[data-testid=new-user]").Click();
        var dialog = Dialogs;
        dialog.WaitForElement("[data-testid=save-user]");
        dialog.Find("[data-field=userName] input, input[data-field=userName]").Change("encargado");

        dialog.Find("[data-testid=save-user]").Click();

        dialog.WaitForAssertion(() => Assert.Contains("Ya existe un usuario con ese nombre.", FieldOf(dialog, "userName"), StringComparison.Ordinal));
        Assert.Contains("La contraseña debe tener al menos 12 caracteres.", FieldOf(dialog, "password"), StringComparison.Ordinal);
        Assert.DoesNotContain("Ya existe", FieldOf(dialog, "password"), StringComparison.Ordinal);
        Assert.Equal("encargado", Assert.Single(UsersFake.Created).UserName);
        Assert.NotNull(dialog.Find("[data-testid=user-form]")); // still open
    }

    [Fact]
    public async Task LastAdmin_CannotRemoveTheirOwnAdminRole()
    {
        AdminAndEncargado();
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));
        page.Find("[data-testid=edit-roles][data-user=admin]").Click();
        var dialog = Dialogs;
        dialog.WaitForElement("[data-testid=roles-form]");

        var boxes = dialog.FindComponents<MudCheckBox<bool>>();
        var admin = boxes.First(b => HasAttribute(b.Instance, "data-role", Roles.Admin));
        var encargado = boxes.First(b => HasAttribute(b.Instance, "data-role", Roles.Encargado));
        await dialog.InvokeAsync(() => encargado.Instance.ValueChanged.InvokeAsync(true));
        await dialog.InvokeAsync(() => admin.Instance.ValueChanged.InvokeAsync(false));
        dialog.Find("[data-testid=save-roles]").Click();

        dialog.WaitForAssertion(() => Assert.Contains("último administrador activo", dialog.Find("[data-testid=roles-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(UsersFake.RoleChanges);
        Assert.Equal(new[] { Roles.Admin }, UsersFake.People[0].RoleNames);
    }

    [Fact]
    public async Task Chain_AnEncargadoGetsTheirStores_ListedByName()
    {
        Chain.Stores = [new ChainStore { Id = "quilmes", Name = "Quilmes" }, new ChainStore { Id = "tigre", Name = "Tigre" }];
        AdminAndEncargado();
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));
        // No store named: the console's own; admin: every store.
        Assert.Equal(["Todas", "Casa Central"], page.FindAll("[data-testid=user-stores]").Select(e => e.TextContent.Trim()));

        page.Find("[data-testid=edit-roles][data-user=encargado]").Click();
        var dialog = Dialogs;
        dialog.WaitForElement("[data-testid=stores-form]");
        var boxes = dialog.FindComponents<MudCheckBox<bool>>();
        Assert.Equal(["casa-central", "quilmes", "tigre"], boxes.Select(b => b.Instance.UserAttributes.GetValueOrDefault("data-store") as string).OfType<string>());
        await dialog.InvokeAsync(() => boxes.First(b => HasAttribute(b.Instance, "data-store", "tigre")).Instance.ValueChanged.InvokeAsync(true));
        await dialog.InvokeAsync(() => boxes.First(b => HasAttribute(b.Instance, "data-store", "quilmes")).Instance.ValueChanged.InvokeAsync(true));
        dialog.Find("[data-testid=save-roles]").Click();

        page.WaitForAssertion(() => Assert.Single(UsersFake.StoreChanges));
        Assert.Equal("u2", UsersFake.StoreChanges[0].UserId);
        Assert.Equal(["quilmes", "tigre"], UsersFake.StoreChanges[0].Stores);
        page.WaitForAssertion(() => Assert.Equal("Quilmes, Tigre", page.FindAll("[data-testid=user-stores]")[1].TextContent.Trim()));
    }

    [Fact]
    public void AloneStore_NoStoresColumnNorForm()
    {
        AdminAndEncargado();
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));
        Assert.Empty(page.FindAll("[data-testid=user-stores]"));
        page.Find("[data-testid=edit-roles][data-user=encargado]").Click();
        Dialogs.WaitForElement("[data-testid=roles-form]");
        Assert.Empty(Dialogs.FindAll("[data-testid=stores-form]"));
    }

    [Fact]
    public void CheckStores_RefusesAStoreTheConsoleDoesNotKnow()
    {
        IReadOnlyList<StoreChoice> known = [new("casa-central", "Casa Central"), new("quilmes", "Quilmes")];
        Assert.Null(UserAdministration.CheckStores(["quilmes"], known));
        Assert.Null(UserAdministration.CheckStores([], known));
        Assert.Contains("'tigre' no es de esta consola", UserAdministration.CheckStores(["quilmes", "tigre"], known), StringComparison.Ordinal);
        Assert.Contains("…", UserAdministration.CheckStores([new string('x', 500)], known), StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_CannotLockThemselvesOut()
    {
        AdminAndEncargado(secondAdmin: true);
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=users] tbody tr").Count));

        page.Find("[data-testid=lock-user][data-user=admin]").Click();

        page.WaitForAssertion(() => Assert.Contains("No puede bloquear su propia cuenta", page.Find("[data-testid=users-error]").TextContent, StringComparison.Ordinal));
        Assert.False(UsersFake.People[0].LockedOut);
    }

    [Fact]
    public void LockOut_CallsTheServiceAsTheSignedInAdmin_AndShowsTheUserLocked()
    {
        AdminAndEncargado();
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));

        page.Find("[data-testid=lock-user][data-user=encargado]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=unlock-user][data-user=encargado]")));
        Assert.Equal(("u2", "admin"), Assert.Single(UsersFake.LockOuts));
        Assert.Empty(page.FindAll("[data-testid=users-error]"));
    }

    [Fact]
    public void ResetPassword_SendsTheNewPassword_WhenBothMatch()
    {
        AdminAndEncargado();
        var page = Context.Open<Users>("usuarios");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=users] tbody tr").Count));
        page.Find("[data-testid=reset-password][data-user=encargado]").Click();
        var dialog = Dialogs;
        dialog.WaitForElement("[data-testid=password-form]");
        dialog.Find("[data-field=password] input, input[data-field=password]").Change("una frase bastante larga");
        dialog.Find("[data-field=confirmation] input, input[data-field=confirmation]").Change("una frase bastante larga");

        dialog.Find("[data-testid=save-password]").Click();

        dialog.WaitForAssertion(() => Assert.Equal(("u2", "una frase bastante larga"), Assert.Single(UsersFake.Passwords)));
    }

    // --- The last-admin guard and Identity's errors, on their own ---

    private static readonly UserSummary AdminOne = new("a1", "admin", null, [Roles.Admin], null, 0);
    private static readonly UserSummary AdminTwoLocked = new("a2", "dueño", null, [Roles.Admin], DateTimeOffset.MaxValue, 0);
    private static readonly UserSummary AdminTwo = AdminTwoLocked with { LockedOutUntil = null };
    private static readonly UserSummary Manager = new("e1", "encargado", null, [Roles.Encargado], null, 0);

    [Fact]
    public void Guard_TheOnlyActiveAdmin_CannotDropTheAdminRole_NorBeLockedOut()
    {
        UserSummary[] users = [AdminOne, AdminTwoLocked, Manager];

        Assert.Contains("Usted es el último administrador activo", UserAdministration.CheckAdminsRemain(users, "a1", "admin", AdminChange.RemoveAdminRole), StringComparison.Ordinal);
        Assert.Contains("admin es el último administrador activo", UserAdministration.CheckAdminsRemain(users, "a1", "dueño", AdminChange.RemoveAdminRole), StringComparison.Ordinal);
        Assert.Contains("último administrador activo", UserAdministration.CheckAdminsRemain(users, "a1", "otro", AdminChange.LockOut), StringComparison.Ordinal);
        Assert.Null(UserAdministration.CheckAdminsRemain(users, "e1", "admin", AdminChange.LockOut));
        Assert.Null(UserAdministration.CheckAdminsRemain(users, "a2", "admin", AdminChange.RemoveAdminRole)); // locked already: not counted
    }

    [Fact]
    public void Guard_WithAnotherActiveAdmin_TheRoleCanGo_ButNobodyLocksThemselvesOut()
    {
        UserSummary[] users = [AdminOne, AdminTwo, Manager];

        Assert.Null(UserAdministration.CheckAdminsRemain(users, "a1", "admin", AdminChange.RemoveAdminRole));
        Assert.Null(UserAdministration.CheckAdminsRemain(users, "a2", "admin", AdminChange.LockOut));
        Assert.Contains("No puede bloquear su propia cuenta", UserAdministration.CheckAdminsRemain(users, "a1", "ADMIN", AdminChange.LockOut), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DuplicateUserName", "userName")]
    [InlineData("InvalidUserName", "userName")]
    [InlineData("UserNameTooLong", "userName")]
    [InlineData("PasswordTooShort", "password")]
    [InlineData("PasswordRequiresUniqueChars", "password")]
    [InlineData("UserAlreadyInRole", "roles")]
    [InlineData("ConcurrencyFailure", null)]
    [InlineData("DefaultError", null)]
    public void IdentityErrors_GoToTheirField(string code, string? field) => Assert.Equal(field, UserAdministration.FieldOf(code));

    [Fact]
    public void IdentityErrors_AreSaidInSpanish_AndTheRestIsTheProblem()
    {
        var result = UserAdministration.FromIdentity(IdentityResult.Failed(
            new IdentityError { Code = "PasswordTooShort", Description = "Passwords must be at least 12 characters." },
            new IdentityError { Code = "ConcurrencyFailure", Description = "Optimistic concurrency failure, object has been modified." }), new IdentityOptions { Password = { RequiredLength = 12 } });

        Assert.False(result.Succeeded);
        Assert.Equal(new[] { "La contraseña debe tener al menos 12 caracteres." }, result.Errors["password"]);
        Assert.Contains("Otra persona cambió este usuario", result.Problem, StringComparison.Ordinal);
    }
}
