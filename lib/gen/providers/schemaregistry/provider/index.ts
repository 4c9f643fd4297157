// generated from the cultureamp/schemaregistry 1.6.0 provider schema
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface SchemaregistryProviderConfig {
  /**
  * Maximum number of retry attempts for GetSchema calls using exponential backoff. Defaults to 6.
  *
  * Provider attribute `SchemaregistryProvider#max_retries`
  */
  readonly maxRetries?: number;
  /**
  * Password for Schema Registry API. May use SCHEMA_REGISTRY_PASSWORD environment variable.
  *
  * Provider attribute `SchemaregistryProvider#password`
  */
  readonly password?: string;
  /**
  * URI for Schema Registry API. May use SCHEMA_REGISTRY_URL environment variable.
  *
  * Provider attribute `SchemaregistryProvider#schema_registry_url`
  */
  readonly schemaRegistryUrl: string;
  /**
  * Username for Schema Registry API. May use SCHEMA_REGISTRY_USERNAME environment variable.
  *
  * Provider attribute `SchemaregistryProvider#username`
  */
  readonly username?: string;
  /**
  * Alias name
  *
  * Provider attribute `SchemaregistryProvider#alias`
  */
  readonly alias?: string;
}

/**
* Represents a `schemaregistry`
*/
export class SchemaregistryProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "schemaregistry";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a SchemaregistryProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the SchemaregistryProvider to import
  * @param importFromId The id of the existing SchemaregistryProvider that should be imported. Refer to the `import section` in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the SchemaregistryProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "schemaregistry", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new `schemaregistry` Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options SchemaregistryProviderConfig
  */
  public constructor(scope: Construct, id: string, config: SchemaregistryProviderConfig) {
    super(scope, id, {
      terraformResourceType: 'schemaregistry',
      terraformGeneratorMetadata: {
        providerName: 'schemaregistry',
        providerVersion: '1.6.0'
      },
      terraformProviderSource: 'cultureamp/schemaregistry'
    });
    this._maxRetries = config.maxRetries;
    this._password = config.password;
    this._schemaRegistryUrl = config.schemaRegistryUrl;
    this._username = config.username;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // max_retries - computed: false, optional: true, required: false
  private _maxRetries?: number; 
  public get maxRetries() {
    return this._maxRetries;
  }
  public set maxRetries(value: number | undefined) {
    this._maxRetries = value;
  }
  public resetMaxRetries() {
    this._maxRetries = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxRetriesInput() {
    return this._maxRetries;
  }

  // password - computed: false, optional: true, required: false
  private _password?: string; 
  public get password() {
    return this._password;
  }
  public set password(value: string | undefined) {
    this._password = value;
  }
  public resetPassword() {
    this._password = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordInput() {
    return this._password;
  }

  // schema_registry_url - computed: false, optional: false, required: true
  private _schemaRegistryUrl?: string; 
  public get schemaRegistryUrl() {
    return this._schemaRegistryUrl;
  }
  public set schemaRegistryUrl(value: string | undefined) {
    this._schemaRegistryUrl = value;
  }
  // Temporarily expose input value. Use with caution.
  public get schemaRegistryUrlInput() {
    return this._schemaRegistryUrl;
  }

  // username - computed: false, optional: true, required: false
  private _username?: string; 
  public get username() {
    return this._username;
  }
  public set username(value: string | undefined) {
    this._username = value;
  }
  public resetUsername() {
    this._username = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get usernameInput() {
    return this._username;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      max_retries: cdktf.numberToTerraform(this._maxRetries),
      password: cdktf.stringToTerraform(this._password),
      schema_registry_url: cdktf.stringToTerraform(this._schemaRegistryUrl),
      username: cdktf.stringToTerraform(this._username),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      max_retries: {
        value: cdktf.numberToHclTerraform(this._maxRetries),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      password: {
        value: cdktf.stringToHclTerraform(this._password),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      schema_registry_url: {
        value: cdktf.stringToHclTerraform(this._schemaRegistryUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      username: {
        value: cdktf.stringToHclTerraform(this._username),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
