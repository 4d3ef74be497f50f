export {
  CheckboxField,
  CheckboxGroupField,
  FormButtons,
  type Option,
  RadioGroupField,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "./fields";
export { ErrorSummary, Form, fieldError, useFormFields } from "./form";
