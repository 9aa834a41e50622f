using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CryoCdsHooks.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DtrQuestionnaireContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MissingCodes",
                table: "CoverageAssertions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "QuestionnaireId",
                table: "CoverageAssertions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MissingCodes",
                table: "CoverageAssertions");

            migrationBuilder.DropColumn(
                name: "QuestionnaireId",
                table: "CoverageAssertions");
        }
    }
}
